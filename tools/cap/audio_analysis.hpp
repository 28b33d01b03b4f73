// ST 2110-30 flow analysis: encoding, channels, rate and packet time (the SDP's, else inferred from payload
// sizes, timestamp steps and arrival spacing) and TS-DF, the spread of arrival minus RTP time over
// 200 ms windows, against its limit of 17 packet times.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <optional>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

// Works in two phases so that memory does not grow with the capture: add() reads every packet; settle()
// fixes the format (the SDP's, else the one inferred so far); from then on on_arrival() measures TS-DF and
// the RTP offsets packet by packet.
class AudioAnalyzer {
 public:
  // The octets per sample period identification measured: lets the sample data tell L24 from L16 when
  // both readings fit (6, 12, 24, ... octets).
  void expect_frame_bytes(std::uint32_t frame_bytes);
  void add(const PacketArrival& arrival, st2110::Bytes payload, std::size_t wire_length);
  void settle(const std::optional<st2110::AudioFormat>& sdp);
  // The sample rate settle() fixed (0 before).
  [[nodiscard]] std::uint32_t settled_sample_rate() const { return settled_rate_; }
  // The flow's packets in arrival order, from the first, after settle().
  void on_arrival(const PacketArrival& arrival);
  [[nodiscard]] AudioReport finish(const std::optional<st2110::AudioFormat>& sdp, CadenceReport& cadence);

 private:
  // The format and cadence from the packets read so far.
  [[nodiscard]] AudioReport describe(const std::optional<st2110::AudioFormat>& sdp, CadenceReport& cadence) const;
  // Fills report.format_inference from report.frame_bytes and the sample data; true when L24 is the reading.
  bool infer_l24(AudioReport& report) const;
  void close_ts_df_window();

  std::map<std::size_t, std::uint64_t> payload_sizes_;
  std::uint32_t frame_bytes_ = 0;
  // Per octet of the sample period: how much it changes from one period to the next. Audio is smooth, so
  // the most significant octet of each sample changes little and the others a lot.
  std::vector<std::uint64_t> octet_change_;
  std::uint64_t periods_compared_ = 0;
  // RTP timestamp steps between consecutive packets, and the span of arrivals.
  Range step_;
  std::map<std::int64_t, std::uint64_t> steps_;
  std::uint32_t last_timestamp_ = 0;
  std::uint64_t packets_ = 0;
  Nanoseconds first_arrival_ns_ = 0;
  Nanoseconds last_arrival_ns_ = 0;
  // After settle(): TS-DF per 200 ms window, and the offsets from RTP time.
  std::uint32_t settled_rate_ = 0;
  Range packet_to_rtp_us_;
  bool window_open_ = false;
  Nanoseconds window_start_ns_ = 0;
  double window_low_ = 0;
  double window_high_ = 0;
  double ts_df_us_ = 0;
  std::uint64_t ts_df_windows_ = 0;
  PlotSeriesBuilder ts_df_points_;
};

}  // namespace crosspoint::cap
