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

class AudioAnalyzer {
 public:
  // The octets per sample period identification measured: lets the sample data tell L24 from L16 when
  // both readings fit (6, 12, 24, ... octets).
  void expect_frame_bytes(std::uint32_t frame_bytes);
  void add(const st2110::RtpHeader& rtp, st2110::Bytes payload, std::size_t wire_length);
  [[nodiscard]] AudioReport finish(const std::optional<st2110::AudioFormat>& sdp,
                                   const std::vector<PacketArrival>& arrivals, CadenceReport& cadence) const;

 private:
  // Fills report.format_inference from report.frame_bytes and the sample data; true when L24 is the reading.
  bool infer_l24(AudioReport& report) const;

  std::map<std::size_t, std::uint64_t> payload_sizes_;
  std::uint32_t frame_bytes_ = 0;
  // Per octet of the sample period: how much it changes from one period to the next. Audio is smooth, so
  // the most significant octet of each sample changes little and the others a lot.
  std::vector<std::uint64_t> octet_change_;
  std::uint64_t periods_compared_ = 0;
};

}  // namespace crosspoint::cap
