#include "capture_analyzer.hpp"

#include <algorithm>
#include <map>

#include "anc_analysis.hpp"
#include "audio_analysis.hpp"
#include "capture_source.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "dup_pair_comparison.hpp"
#include "jpeg_xs_analysis.hpp"
#include "media_identification.hpp"
#include "ptp_analysis.hpp"
#include "rtp_consistency.hpp"
#include "sdp_check.hpp"
#include "sdp_dup_legs.hpp"
#include "sequence_tracker.hpp"
#include "udp_service.hpp"
#include "unit_cadence.hpp"
#include "video_analysis.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

std::string endpoint_text(Ipv4Address address, std::uint16_t port) {
  return address.to_string() + ":" + std::to_string(port);
}

const char* to_string(DetectedMedia media) {
  switch (media) {
    case DetectedMedia::kVideo: return "video";
    case DetectedMedia::kAudio: return "audio";
    case DetectedMedia::kAncillary: return "ancillary";
    case DetectedMedia::kCompressedVideo: return "compressed_video";
    case DetectedMedia::kUnknown: return "unknown";
  }
  return "unknown";
}

void Range::add(double value) {
  if (count == 0) {
    min = max = value;
  } else {
    min = std::min(min, value);
    max = std::max(max, value);
  }
  ++count;
  mean += (value - mean) / static_cast<double>(count);
}

namespace {

// A candidate that has shown no packet for this long (capture time) is given up: its packets were not RTP.
constexpr std::uint64_t kCandidateIdleNs = 1'000'000'000;
constexpr std::uint64_t kSweepEveryRecords = 1U << 16;
// Video and audio analyses fix their format after this many packets (or at the end of a shorter flow);
// until then a flow holds its arrivals, after it holds none. 4 MB a flow; more than three 8K frames.
constexpr std::size_t kSettleAfterPackets = std::size_t{1} << 18;

struct LegPacket {
  std::uint64_t sequence = 0;
  Nanoseconds arrival_ns = 0;
};

struct FlowState {
  FlowReport report;
  std::uint64_t previous_arrival_ns = 0;
  std::uint64_t unit_start_ns = 0;
  std::uint32_t previous_timestamp = 0;
  bool previous_marker = false;
  std::optional<MediaFormat> sdp_format;
  SequenceTracker sequence;
  UnitCadence units;
  std::vector<PacketArrival> unsettled;
  bool settled = false;
  // Until the flow is found to be a ST 2022-7 leg (and then feeds its pair) or has shown 2^18 packets
  // without a partner, its packets' extended sequence numbers and arrivals, for the pair to start from.
  std::vector<LegPacket> dup_record;
  bool dup_recording = true;
  std::optional<std::size_t> pair;  // in Analysis::pairs_
  std::size_t pair_leg = 0;
  // The HTML report's plots: RTP offset of each unit's first packet, and packet spacing.
  std::uint32_t plot_clock = kVideoClockRate;
  PlotSeriesBuilder offsets;
  PlotSeriesBuilder spacing;
  bool plot_started = false;
  std::uint32_t plot_timestamp = 0;
  VideoAnalyzer video;
  AudioAnalyzer audio;
  AncAnalyzer anc;
  JpegXsAnalyzer jpeg_xs;
};

// Packets of a would-be flow, kept (copied: the reader's window of the file moves on) until enough agree.
struct HeldPacket {
  std::uint64_t timestamp_ns = 0;
  std::uint32_t wire_length = 0;
  std::vector<std::uint8_t> frame;
};

struct Candidate {
  RtpHeader last;
  std::vector<HeldPacket> held;
  std::uint64_t last_seen_ns = 0;
  UdpService service = UdpService::kNone;
};

DetectedMedia media_of(const MediaFormat& format) {
  switch (media_type_of(format)) {
    case MediaType::kVideo: return DetectedMedia::kVideo;
    case MediaType::kAudio: return DetectedMedia::kAudio;
    case MediaType::kAncillary: return DetectedMedia::kAncillary;
  }
  return DetectedMedia::kUnknown;
}

const SdpMediaLeg* sdp_leg_for(const std::optional<SessionDescription>& sdp, Ipv4Address destination,
                               std::uint16_t port) {
  if (!sdp) return nullptr;
  for (const auto& leg : sdp->legs) {
    if (leg.connection.address == destination && leg.port == port) return &leg;
  }
  return nullptr;
}

void count_service(UdpService service, std::uint64_t packets, NonRtpCounts& counts) {
  switch (service) {
    case UdpService::kDns: counts.dns += packets; break;
    case UdpService::kMdns: counts.mdns += packets; break;
    case UdpService::kNtp: counts.ntp += packets; break;
    case UdpService::kPtp: counts.ptp += packets; break;
    case UdpService::kSnmp: counts.snmp += packets; break;
    case UdpService::kSyslog: counts.syslog += packets; break;
    case UdpService::kNone: counts.other_udp += packets; break;
  }
}

// The held packets parsed again (each parsed as RTP when it was offered) into `views`, and what they carry.
MediaIdentification identify_held(const std::vector<HeldPacket>& held, std::vector<RtpPacketView>& views) {
  views.assign(held.size(), RtpPacketView{});
  std::vector<IdentifiedPacket> identified;
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (auto parsed = parse_rtp_packet(Bytes(held[i].frame), held[i].wire_length)) views[i] = std::move(*parsed);
    identified.push_back(IdentifiedPacket{static_cast<Nanoseconds>(held[i].timestamp_ns), views[i].rtp,
                                          views[i].payload, views[i].payload_wire_length});
  }
  return identify_media(identified);
}

class Analysis {
 public:
  Analysis(CaptureReport& report, const std::optional<SessionDescription>& sdp) : report_(report), sdp_(sdp) {}

  void add_record(const capture::PcapRecord& record) {
    if (report_.records == 0) report_.first_packet_ns = record.timestamp_ns;
    ++report_.records;
    if (record.truncated()) ++report_.snap_truncated_records;
    if (report_.records % kSweepEveryRecords == 0) give_up_idle(record.timestamp_ns);
    const Bytes frame = record.bytes;
    const auto parsed = parse_rtp_packet(frame, record.original_length);
    if (!parsed) {
      count_other(frame, record.original_length, record.timestamp_ns);
      return;
    }
    const RtpPacketView& packet = *parsed;
    const UdpService service = udp_service_of(packet.udp.source_port, packet.udp.destination_port);
    if (service != UdpService::kNone) {
      count_service(service, 1, report_.non_rtp);
      if (service == UdpService::kPtp) {
        ptp_.add(record.timestamp_ns, frame.subspan(packet.udp_offset + kUdpHeaderLength));
      }
      return;
    }
    const FlowKey key{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc};
    // Packets come in runs of one flow: the last flow found is tried before the table.
    if (last_flow_ != nullptr && last_key_ == key) {
      add_to_flow(*last_flow_, packet, record.timestamp_ns);
      return;
    }
    if (auto flow = flows_.find(key); flow != flows_.end()) {
      last_key_ = key;
      last_flow_ = &flow->second;
      add_to_flow(flow->second, packet, record.timestamp_ns);
      return;
    }
    offer(key, packet, record);
  }

  void finish(const std::string& reader_error) {
    report_.capture_error = reader_error;
    for (auto& [key, candidate] : candidates_) {
      if (short_flow_is_media(key, candidate)) {
        admit(key, std::move(candidate.held));
      } else {
        report_.non_rtp.unconfirmed_rtp += candidate.held.size();
      }
    }
    candidates_.clear();
    if (!ptp_.empty()) report_.ptp = ptp_.finish();
    for (auto& [key, state] : flows_) finish_flow(state);
    finish_dup_pairs();
    if (sdp_) report_.sdp_disagreements = sdp_legs_without_packets(*sdp_, flows_keys());
    for (auto& [key, state] : flows_) report_.flows.push_back(std::move(state.report));
  }

 private:
  std::vector<FlowKey> flows_keys() const {
    std::vector<FlowKey> keys;
    for (const auto& [key, state] : flows_) keys.push_back(key);
    return keys;
  }

  // Frames that are not RTP: what they are, or why they did not parse.
  void count_other(Bytes frame, std::size_t wire_length, std::uint64_t timestamp_ns) {
    NonRtpCounts& counts = report_.non_rtp;
    const auto ethernet = parse_ethernet(frame);
    if (!ethernet) {
      ++report_.malformed[to_string(ethernet.error())];
      return;
    }
    if (ethernet->ether_type == kEtherTypePtp) {
      ++counts.ptp;
      ptp_.add(timestamp_ns, frame.subspan(ethernet->length()));
      return;
    }
    if (ethernet->ether_type == kEtherTypeArp) {
      ++counts.arp;
      return;
    }
    if (ethernet->ether_type != kEtherTypeIpv4) {
      ++counts.other;
      return;
    }
    const auto ip = parse_ipv4(frame.subspan(ethernet->length()), wire_length - ethernet->length());
    if (!ip) {
      ++report_.malformed[to_string(ip.error())];
      return;
    }
    if (ip->protocol == kIpProtocolIgmp) {
      ++counts.igmp;
      return;
    }
    if (ip->protocol != kIpProtocolUdp) {
      ++counts.other;
      return;
    }
    const std::size_t udp_at = ethernet->length() + ip->header_length;
    const auto udp = parse_udp(frame.subspan(std::min(udp_at, frame.size())), ip->total_length - ip->header_length);
    if (!udp) {
      ++report_.malformed[to_string(udp.error())];
      return;
    }
    // UDP that is not RTP (a wrong version, too short) is other traffic, not a broken packet.
    const UdpService service = udp_service_of(udp->source_port, udp->destination_port);
    count_service(service, 1, counts);
    if (service == UdpService::kPtp && udp_at + kUdpHeaderLength <= frame.size()) {
      ptp_.add(timestamp_ns, frame.subspan(udp_at + kUdpHeaderLength));
    }
  }

  void offer(const FlowKey& key, const RtpPacketView& packet, const capture::PcapRecord& record) {
    Candidate& candidate = candidates_[key];
    if (!candidate.held.empty() && !follows_in_rtp_stream(candidate.last, packet.rtp)) {
      // Not one stream after all: what was held was not RTP; start again from this packet.
      report_.non_rtp.unconfirmed_rtp += candidate.held.size();
      candidate.held.clear();
    }
    candidate.last = packet.rtp;
    candidate.last_seen_ns = record.timestamp_ns;
    candidate.held.push_back(HeldPacket{record.timestamp_ns, record.original_length,
                                        std::vector<std::uint8_t>(record.bytes.begin(), record.bytes.end())});
    if (candidate.held.size() < kRtpPacketsToConfirm) return;
    admit(key, std::move(candidate.held));
    candidates_.erase(key);
  }

  // A flow that ended before it had shown enough packets still counts when an SDP names it, or when its
  // payloads prove their format (RFC 4175, RFC 8331, RFC 9134 structure) over at least two packets.
  bool short_flow_is_media(const FlowKey& key, const Candidate& candidate) const {
    if (candidate.held.empty()) return false;
    if (sdp_leg_for(sdp_, key.destination, key.port) != nullptr) return true;
    if (candidate.held.size() < 2) return false;
    std::vector<RtpPacketView> views;
    const MediaIdentification identification = identify_held(candidate.held, views);
    return identification.inference.confidence >= 1.0 && identification.media != DetectedMedia::kUnknown &&
           identification.media != DetectedMedia::kAudio;
  }

  void give_up_idle(std::uint64_t now_ns) {
    for (auto it = candidates_.begin(); it != candidates_.end();) {
      if (now_ns - it->second.last_seen_ns > kCandidateIdleNs) {
        report_.non_rtp.unconfirmed_rtp += it->second.held.size();
        it = candidates_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void admit(const FlowKey& key, std::vector<HeldPacket> held) {
    std::vector<RtpPacketView> views;
    const MediaIdentification identification = identify_held(held, views);
    FlowState& state = flows_[key];
    const RtpPacketView& first = views.front();
    state.report.key = key;
    state.report.source = first.ip.source;
    state.report.source_port = first.udp.source_port;
    state.report.payload_type = first.rtp.payload_type;
    state.report.first_arrival_ns = held.front().timestamp_ns;
    state.report.identified = identification.media;
    state.report.media_inference = identification.inference;
    state.report.media = identification.media;
    if (const SdpMediaLeg* leg = sdp_leg_for(sdp_, key.destination, key.port)) {
      state.sdp_format = leg->format;
      state.report.media = media_of(leg->format);
      state.report.media_from_sdp = true;
    }
    if (identification.audio_frame_bytes > 0) state.audio.expect_frame_bytes(identification.audio_frame_bytes);
    const bool on_90khz = state.report.media == DetectedMedia::kAncillary ||
                          state.report.media == DetectedMedia::kCompressedVideo;
    state.units = UnitCadence(on_90khz ? kVideoClockRate : 0);
    // Only video and audio wait for their format before they time their packets.
    state.settled = state.report.media != DetectedMedia::kVideo && state.report.media != DetectedMedia::kAudio;
    for (std::size_t i = 0; i < held.size(); ++i) add_to_flow(state, views[i], held[i].timestamp_ns);
    find_partner(key, state);
  }

  void add_to_flow(FlowState& state, const RtpPacketView& packet, std::uint64_t timestamp_ns) {
    FlowReport& report = state.report;
    const auto arrival = static_cast<Nanoseconds>(timestamp_ns);
    NetworkReport& network = report.network;
    if (report.packets == 0) {
      network.dscp = packet.ip.dscp;
      network.ttl = packet.ip.ttl;
      state.unit_start_ns = timestamp_ns;
    } else {
      network.dscp_consistent = network.dscp_consistent && packet.ip.dscp == network.dscp;
      network.ttl_consistent = network.ttl_consistent && packet.ip.ttl == network.ttl;
      const auto gap = static_cast<double>(timestamp_ns - state.previous_arrival_ns);
      network.spacing_ns.add(gap);
      if (state.previous_marker) network.spacing_after_marker_ns.add(gap);
      if (packet.rtp.timestamp != state.previous_timestamp) {
        network.frame_interval_ns.add(static_cast<double>(timestamp_ns - state.unit_start_ns));
        state.unit_start_ns = timestamp_ns;
      }
      state.spacing.add(timestamp_ns, gap);
    }
    state.previous_arrival_ns = timestamp_ns;
    state.previous_timestamp = packet.rtp.timestamp;
    state.previous_marker = packet.rtp.marker;
    ++report.packets;
    report.last_arrival_ns = timestamp_ns;
    report.payload_octets.add(static_cast<double>(packet.payload_wire_length));
    if (packet.payload_truncated()) ++report.truncated_packets;
    const PacketArrival packet_arrival{arrival, packet.rtp.timestamp};
    const std::uint64_t extended = state.sequence.add(packet.rtp.sequence);
    if (state.pair) {
      pairs_[*state.pair].add(state.pair_leg, extended, arrival);
    } else if (state.dup_recording) {
      state.dup_record.push_back(LegPacket{extended, arrival});
    }
    state.units.add(packet_arrival);
    bool understood = true;
    switch (report.media) {
      case DetectedMedia::kVideo: understood = state.video.add(packet.rtp, packet.payload); break;
      case DetectedMedia::kAudio: state.audio.add(packet_arrival, packet.payload, packet.payload_wire_length); break;
      case DetectedMedia::kAncillary:
        understood = state.anc.add(packet.rtp, packet.payload, packet.payload_wire_length);
        break;
      case DetectedMedia::kCompressedVideo:
        understood = state.jpeg_xs.add(packet.rtp, packet.payload, packet.payload_wire_length);
        break;
      case DetectedMedia::kUnknown: break;
    }
    if (!understood) ++report.payload_errors;
    if (state.settled) {
      time_packet(state, packet_arrival);
    } else {
      state.unsettled.push_back(packet_arrival);
      if (state.unsettled.size() >= kSettleAfterPackets) settle(state);
    }
    if (report.packets == kSettleAfterPackets && !state.pair) stop_dup_record(state);
  }

  // Video and audio fix their format from what they have read, then time the packets held so far.
  void settle(FlowState& state) {
    if (state.settled) return;
    std::optional<VideoFormat> sdp_video;
    std::optional<AudioFormat> sdp_audio;
    if (state.sdp_format) {
      if (auto* v = std::get_if<VideoFormat>(&*state.sdp_format)) sdp_video = *v;
      if (auto* a = std::get_if<AudioFormat>(&*state.sdp_format)) sdp_audio = *a;
    }
    if (state.report.media == DetectedMedia::kVideo) state.video.settle(sdp_video);
    if (state.report.media == DetectedMedia::kAudio) {
      state.audio.settle(sdp_audio);
      state.plot_clock = state.audio.settled_sample_rate();
    }
    state.settled = true;
    for (const PacketArrival& arrival : state.unsettled) time_packet(state, arrival);
    std::vector<PacketArrival>().swap(state.unsettled);
  }

  // The per-packet timing analyses, in arrival order, once the flow has settled.
  void time_packet(FlowState& state, const PacketArrival& arrival) {
    if (state.report.media == DetectedMedia::kVideo) state.video.on_arrival(arrival);
    if (state.report.media == DetectedMedia::kAudio) state.audio.on_arrival(arrival);
    if (state.plot_clock > 0 && (!state.plot_started || arrival.rtp_timestamp != state.plot_timestamp)) {
      state.offsets.add(static_cast<std::uint64_t>(arrival.arrival_ns),
                        arrival_after_rtp_ns(arrival.arrival_ns, arrival.rtp_timestamp, state.plot_clock) / 1000.0);
    }
    state.plot_started = true;
    state.plot_timestamp = arrival.rtp_timestamp;
  }

  // No partner came in time: the flow is compared with none (a partner that comes later finds no record).
  static void stop_dup_record(FlowState& state) {
    state.dup_recording = false;
    std::vector<LegPacket>().swap(state.dup_record);
  }

  // A new flow and an earlier one are a ST 2022-7 pair when an SDP DUP group names their destinations, or
  // (neither named by one) when they carry one SSRC to two destinations. The pair starts from both
  // records, in capture order, and takes every later packet as it comes.
  void find_partner(const FlowKey& key, FlowState& state) {
    if (!state.dup_recording) return;
    const bool named = sdp_ && dup_group_names(*sdp_, key);
    for (auto& [other_key, other] : flows_) {
      if (other_key == key || other.pair || !other.dup_recording) continue;
      bool key_first = false;
      bool from_sdp = false;
      if (named) {
        const std::optional<bool> first = dup_group_pairs(*sdp_, key, other_key);
        if (!first) continue;
        key_first = *first;
        from_sdp = true;
      } else {
        const bool same_destination = other_key.destination == key.destination && other_key.port == key.port;
        if (other_key.ssrc != key.ssrc || same_destination || (sdp_ && dup_group_names(*sdp_, other_key))) continue;
        key_first = key < other_key;
      }
      FlowState& a = key_first ? state : other;
      FlowState& b = key_first ? other : state;
      form_pair(a, b, from_sdp);
      return;
    }
  }

  void form_pair(FlowState& a, FlowState& b, bool from_sdp) {
    const std::size_t index = pairs_.size();
    pairs_.emplace_back(a.report.key, a.dup_record.front().sequence, b.report.key, b.dup_record.front().sequence,
                        from_sdp);
    DupPairComparison& pair = pairs_.back();
    // Both records merged in capture order.
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.dup_record.size() || j < b.dup_record.size()) {
      const bool from_a = j == b.dup_record.size() ||
                          (i < a.dup_record.size() && a.dup_record[i].arrival_ns <= b.dup_record[j].arrival_ns);
      const LegPacket& packet = from_a ? a.dup_record[i++] : b.dup_record[j++];
      pair.add(from_a ? 0 : 1, packet.sequence, packet.arrival_ns);
    }
    for (FlowState* leg : {&a, &b}) {
      stop_dup_record(*leg);
      leg->pair = index;
    }
    a.pair_leg = 0;
    b.pair_leg = 1;
  }

  void finish_flow(FlowState& state) {
    FlowReport& report = state.report;
    report.sequence = state.sequence.report();
    const double seconds = static_cast<double>(report.last_arrival_ns - report.first_arrival_ns) / 1e9;
    if (seconds > 0 && report.packets > 1) {
      // Packets between the first and the last arrival: one interval per packet after the first.
      report.packets_per_second = static_cast<double>(report.packets - 1) / seconds;
      report.bit_rate_bps = report.payload_octets.mean * 8.0 * report.packets_per_second;
    }
    settle(state);
    std::optional<VideoFormat> sdp_video;
    std::optional<AudioFormat> sdp_audio;
    std::optional<AncFormat> sdp_anc;
    if (state.sdp_format) {
      if (auto* v = std::get_if<VideoFormat>(&*state.sdp_format)) sdp_video = *v;
      if (auto* a = std::get_if<AudioFormat>(&*state.sdp_format)) sdp_audio = *a;
      if (auto* n = std::get_if<AncFormat>(&*state.sdp_format)) sdp_anc = *n;
    }
    const std::uint64_t units = state.units.units();
    switch (report.media) {
      case DetectedMedia::kVideo:
        report.video = state.video.finish(sdp_video, report.cadence);
        report.frames = report.video->interlaced ? (units + 1) / 2 : units;
        break;
      case DetectedMedia::kAudio:
        report.audio = state.audio.finish(sdp_audio, report.cadence);
        report.frames = units;
        break;
      case DetectedMedia::kAncillary:
        report.cadence = state.units.report();
        report.anc = state.anc.finish(sdp_anc, report.cadence);
        report.frames = report.anc->interlaced ? (units + 1) / 2 : units;
        break;
      case DetectedMedia::kCompressedVideo:
        report.cadence = state.units.report();
        report.compressed = state.jpeg_xs.finish(units, report.cadence);
        report.frames = report.compressed->frames;
        break;
      case DetectedMedia::kUnknown:
        report.frames = units;
        report.cadence = state.units.report();
        break;
    }
    report.rtp_offset_series = state.offsets.build(report_.first_packet_ns);
    report.spacing_series = state.spacing.build(report_.first_packet_ns);
    if (report_.ptp && report_.ptp->capture_clock && report.cadence.packet_to_rtp_us.count > 0) {
      const double shift_us = report_.ptp->capture_clock->offset_ns / 1000.0;
      Range ptp = report.cadence.packet_to_rtp_us;
      ptp.min -= shift_us;
      ptp.max -= shift_us;
      ptp.mean -= shift_us;
      report.cadence.packet_to_rtp_ptp_us = ptp;
    }
    if (const SdpMediaLeg* leg = sdp_leg_for(sdp_, report.key.destination, report.key.port)) {
      report.sdp_disagreements = disagreements_with_sdp(report, *leg);
    }
  }

  // Pairs an SDP names first, then pairs by SSRC, each in the order of their first leg.
  void finish_dup_pairs() {
    std::vector<DupPairReport> found;
    for (DupPairComparison& pair : pairs_) found.push_back(pair.finish(report_.first_packet_ns));
    std::stable_sort(found.begin(), found.end(), [](const DupPairReport& x, const DupPairReport& y) {
      if (x.from_sdp != y.from_sdp) return x.from_sdp;
      return x.legs[0].key < y.legs[0].key;
    });
    for (DupPairReport& pair : found) report_.dup_pairs.push_back(std::move(pair));
  }

  CaptureReport& report_;
  const std::optional<SessionDescription>& sdp_;
  std::map<FlowKey, FlowState> flows_;
  FlowKey last_key_{};
  FlowState* last_flow_ = nullptr;
  std::vector<DupPairComparison> pairs_;
  std::map<FlowKey, Candidate> candidates_;
  PtpAnalyzer ptp_;
};

}  // namespace

CaptureReport analyze_capture(const std::string& path, const std::optional<SessionDescription>& sdp, bool utc_capture) {
  CaptureReport report;
  report.file = path;
  report.utc_capture = utc_capture;
  const std::uint64_t onto_tai_ns = utc_capture ? kTaiMinusUtcSeconds * kNanosPerSecond : 0;
  auto reader = CaptureSource::open(path);
  if (!reader) {
    report.capture_error = reader.error();
    return report;
  }
  if (reader->link_type() != capture::kLinkTypeEthernet) {
    report.capture_error = "link type " + std::to_string(reader->link_type()) + " is not Ethernet";
    return report;
  }
  report.snap_length = reader->snap_length();
  Analysis analysis(report, sdp);
  while (auto record = reader->next()) {
    record->timestamp_ns += onto_tai_ns;
    analysis.add_record(*record);
  }
  analysis.finish(reader->error());
  return report;
}

}  // namespace crosspoint::cap
