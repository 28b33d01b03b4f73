// What `crosspoint-cap analyze` found in a capture: per flow (destination ip:port and SSRC) the figures EBU
// LIST reports, the ST 2022-7 pairs, and what was not RTP or could not be read. Plain values: the text
// and JSON reports and the tests read them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/st2110_21.hpp"
#include "plot_series.hpp"
#include "ptp_report.hpp"

namespace crosspoint::cap {

struct FlowKey {
  st2110::Ipv4Address destination;
  std::uint16_t port = 0;
  std::uint32_t ssrc = 0;
  friend auto operator<=>(const FlowKey&, const FlowKey&) = default;
};

// "239.0.1.2:50000"
std::string endpoint_text(st2110::Ipv4Address address, std::uint16_t port);

// kCompressedVideo: ST 2110-22 (JPEG XS, RFC 9134). kUnknown: consistent RTP whose payload is none of these.
enum class DetectedMedia : std::uint8_t { kVideo, kAudio, kAncillary, kCompressedVideo, kUnknown };
const char* to_string(DetectedMedia media);  // "video", "audio", "ancillary", "compressed_video", "unknown"

// How sure an inference is: 1 when the packets allow one reading only, lower when another format would
// produce the same packets (the alternatives are named) or when few packets were seen.
struct Inference {
  double confidence = 0;
  std::string basis;                      // what it rests on, e.g. "every packet parses as RFC 4175"
  std::vector<std::string> alternatives;  // other readings the packets allow
};

struct SequenceReport {
  std::uint64_t gaps = 0;        // places where one or more packets are missing
  std::uint64_t missing = 0;     // packets never seen (late arrivals are taken back)
  std::uint64_t duplicates = 0;
  std::uint64_t reorders = 0;    // packets that arrived after a later one
  [[nodiscard]] std::uint64_t errors() const { return gaps + duplicates + reorders; }
};

struct Range {
  double min = 0;
  double max = 0;
  double mean = 0;
  std::uint64_t count = 0;
  void add(double value);
};

// RTP timestamp cadence: the step between frames (or packets, for audio) and what rate it implies.
struct CadenceReport {
  Range timestamp_step;        // clock ticks between consecutive units
  double units_per_second = 0; // clock rate / mean step: fields, frames or packets a second
  Range packet_to_rtp_us;      // first packet of each unit minus its RTP time (the offset LIST shows)
  // The same against PTP time: capture time less the capture clock's offset measured from PTP in the capture.
  std::optional<Range> packet_to_rtp_ptp_us;
};

struct St2110_21Report {
  std::uint32_t packets_per_frame = 0;
  double trs_ns = 0;
  double tro_default_us = 0;
  double tr_offset_us = 0;       // measured: earliest first packet after its unit's epoch
  std::uint32_t cinst_max = 0;   // `cmax` in JSON: the measured maximum of Cinst
  std::uint32_t cmax_narrow = 0;
  std::uint32_t cmax_narrow_linear = 0;
  std::uint32_t cmax_wide = 0;
  std::int64_t vrx_min = 0;      // gapped schedule
  std::int64_t vrx_max = 0;
  std::int64_t vrx_linear_min = 0;
  std::int64_t vrx_linear_max = 0;
  std::uint32_t vrx_full_narrow = 0;
  std::uint32_t vrx_full_wide = 0;
  std::int64_t rtp_vs_epoch_ticks_min = 0;  // RTP timestamp minus the unit's epoch, 90 kHz ticks
  std::int64_t rtp_vs_epoch_ticks_max = 0;
  std::int64_t rtp_offset_limit_ticks = 0;  // allowed: -1 .. this
  bool rtp_offset_within_limit = true;
  std::uint32_t units_measured = 0;         // complete frames (fields) the VRX ran over
  PlotSeries cinst_series;                  // Cinst over time (bucket maxima), for the HTML report
  std::map<std::uint32_t, std::uint64_t> cinst_histogram;  // packets seen at each Cinst
  PlotSeries vrx_series;                    // gapped VRX over time
  st2110::ComplianceClass compliance = st2110::ComplianceClass::kNotCompliant;
};

struct VideoReport {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  bool interlaced = false;
  std::uint64_t fields = 0;
  std::string sampling;           // "YCbCr-4:2:2"
  std::string depth;              // "10"
  bool sampling_from_sdp = false; // else inferred from octets per pixel
  Inference sampling_inference;   // what the packets alone say (also filled when the SDP names it)
  std::uint32_t octets_per_group = 0;  // measured density: octets per `pixels_per_group` pixels of a row
  std::uint32_t pixels_per_group = 0;
  std::uint32_t last_segment_octets = 0;  // the segment ending the widest row: whole pgroups of the real format
  Rational frame_rate{0, 1};
  std::string format_name;        // "1080i59.94"
  std::uint64_t incomplete_frames = 0;
  std::uint64_t marker_packets = 0;
  std::optional<St2110_21Report> timing;
};

struct AudioReport {
  std::string encoding;          // "L24"
  std::uint32_t sample_rate = 0;
  std::uint32_t channels = 0;
  std::uint32_t samples_per_packet = 0;
  double packet_time_us = 0;
  bool format_from_sdp = false;
  Inference format_inference;    // channels and sample size from the packets alone
  std::uint32_t frame_bytes = 0; // measured octets per sample period (channels x sample size)
  std::uint32_t measured_sample_rate = 0;  // timestamp ticks per second of arrival, snapped
  double ts_df_us = 0;           // the largest TS-DF over 200 ms windows
  double ts_df_limit_us = 0;     // 17 packet times
  std::uint64_t ts_df_windows = 0;
  bool ts_df_within_limit = true;
  PlotSeries ts_df_series;       // TS-DF of each 200 ms window, us
};

struct AncDataIdCount {
  std::uint8_t did = 0;
  std::uint8_t sdid = 0;
  std::uint64_t packets = 0;
  std::vector<std::uint16_t> lines;  // distinct lines seen, ascending
  std::map<std::string, std::uint64_t> errors;  // checksum and user-data parity errors of this DID/SDID
};

struct AncReport {
  std::uint64_t anc_packets = 0;
  std::uint64_t empty_payloads = 0;  // ANC_Count 0
  std::uint64_t padded_packets = 0;  // RTP padding bit set
  std::vector<AncDataIdCount> data_ids;
  std::vector<std::string> field_values;  // "progressive", "first", "second" as seen
  std::map<std::string, std::uint64_t> errors;  // every error, whatever its DID/SDID
  std::uint64_t cut_anc_packets = 0;  // ANC packets cut off by the capture's snap length (not errors)
  Rational frame_rate{0, 1};
  bool interlaced = false;
};

// ST 2110-22 compressed video carried as JPEG XS (RFC 9134).
struct CompressedVideoReport {
  std::string codec = "JPEG XS";
  std::string packetization;       // "codestream" or "slice" (K bit)
  bool sequential = true;          // T bit: packets in order
  bool interlaced = false;
  std::uint64_t frames = 0;        // distinct RTP timestamps (fields when interlaced)
  std::uint64_t codestream_starts = 0;  // first packets of a unit that begin with the SOC marker
  std::uint64_t counter_errors = 0;     // F/SEP/P counters that do not follow on
  Rational frame_rate{0, 1};
  double bit_rate_bps = 0;         // codestream octets x 8 per second of media time
  double packets_per_frame = 0;
};

// The flow on the wire: marking, hops, and packet and frame spacing.
struct NetworkReport {
  std::uint8_t dscp = 0;  // of the first packet
  bool dscp_consistent = true;
  std::uint8_t ttl = 0;
  bool ttl_consistent = true;
  Range spacing_ns;               // between consecutive packets
  Range spacing_after_marker_ns;  // from a marker packet to the next (the gap between frames or fields)
  Range frame_interval_ns;        // between the first packets of consecutive frames (fields)
};

struct FlowReport {
  FlowKey key;
  st2110::Ipv4Address source;
  std::uint16_t source_port = 0;
  std::uint8_t payload_type = 0;
  DetectedMedia media = DetectedMedia::kUnknown;
  bool media_from_sdp = false;
  Inference media_inference;  // what the packets alone say the media is
  DetectedMedia identified = DetectedMedia::kUnknown;  // the packets' reading (differs from media when an SDP overrides)
  std::uint64_t packets = 0;
  std::uint64_t frames = 0;  // units of distinct RTP timestamps (frames; audio: packets)
  std::uint64_t first_arrival_ns = 0;
  std::uint64_t last_arrival_ns = 0;
  std::uint64_t payload_errors = 0;  // payloads that did not parse as the media type says
  std::uint64_t truncated_packets = 0;  // payloads cut by the capture's snap length
  Range payload_octets;   // RTP payload length on the wire
  double bit_rate_bps = 0;       // RTP payload octets x 8 per second between first and last packet
  double packets_per_second = 0;
  std::vector<std::string> sdp_disagreements;  // "field: sdp says X, stream shows Y"
  PlotSeries rtp_offset_series;   // packet minus RTP time of each frame's (audio: packet's) first packet, us
  PlotSeries spacing_series;      // largest packet spacing per bucket, ns
  SequenceReport sequence;
  NetworkReport network;
  CadenceReport cadence;
  std::optional<VideoReport> video;
  std::optional<AudioReport> audio;
  std::optional<AncReport> anc;
  std::optional<CompressedVideoReport> compressed;
};

struct DupLegReport {
  FlowKey key;
  std::uint64_t packets = 0;   // distinct sequence numbers received
  std::uint64_t missing = 0;   // within the pair's sequence range
};

struct DupPairReport {
  std::uint32_t ssrc = 0;
  bool from_sdp = false;
  std::vector<DupLegReport> legs;
  std::uint64_t sequence_range = 0;  // packets from the lowest to the highest sequence seen on either leg
  std::uint64_t merged_packets = 0;  // distinct packets over both legs
  std::uint64_t recovered = 0;       // missing on one leg, present on the other
  std::uint64_t lost_on_both = 0;
  Range skew_ns;             // arrival on the second leg minus the first, per packet both legs carried
  PlotSeries losses[2];      // per leg: packets the other leg carried and this one lost, by capture time
  double max_skew_ns = 0;    // the largest |skew|: what a receiver's merge buffer must absorb
};

// Frames that are not media, by kind. UDP by its well-known port; RTP-shaped UDP that never showed
// consistent headers over enough packets is `unconfirmed_rtp`, the rest of UDP `other_udp`.
struct NonRtpCounts {
  std::uint64_t ptp = 0;
  std::uint64_t igmp = 0;
  std::uint64_t arp = 0;
  std::uint64_t dns = 0;
  std::uint64_t mdns = 0;
  std::uint64_t ntp = 0;
  std::uint64_t snmp = 0;
  std::uint64_t syslog = 0;
  std::uint64_t unconfirmed_rtp = 0;
  std::uint64_t other_udp = 0;
  std::uint64_t other = 0;  // neither UDP nor the above (TCP, IPv6, LLDP, ...)
};

struct CaptureReport {
  std::string file;
  std::uint64_t records = 0;
  std::uint64_t snap_truncated_records = 0;
  std::uint32_t snap_length = 0;  // the file header's; records longer than it were cut
  std::uint64_t first_packet_ns = 0;  // capture time of the first record: the plots' origin
  bool utc_capture = false;  // the capture's clock was UTC: its times were read as TAI (+37 s), PTP's timescale
  std::string capture_error;  // empty when the whole file was read
  NonRtpCounts non_rtp;
  std::map<std::string, std::uint64_t> malformed;  // frames that looked like IPv4/UDP but failed, by reason
  std::vector<FlowReport> flows;
  std::vector<DupPairReport> dup_pairs;
  std::vector<std::string> sdp_disagreements;  // capture level: SDP legs with no packets
  std::optional<PtpReport> ptp;                // when the capture holds PTP messages
  [[nodiscard]] bool truncated() const { return snap_truncated_records > 0; }
};

}  // namespace crosspoint::cap
