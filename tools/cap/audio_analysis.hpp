// ST 2110-30 flow analysis: encoding, channels, rate and packet time (the SDP's, else inferred from payload
// sizes, timestamp steps and arrival spacing) and TS-DF, the spread of arrival minus RTP time over
// 200 ms windows, against its limit of 17 packet times.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

class AudioAnalyzer {
 public:
  void add(const st2110::RtpHeader& rtp, st2110::Bytes payload);
  [[nodiscard]] AudioReport finish(const std::optional<st2110::AudioFormat>& sdp,
                                   const std::vector<PacketArrival>& arrivals, CadenceReport& cadence) const;

 private:
  std::map<std::size_t, std::uint64_t> payload_sizes_;
};

}  // namespace crosspoint::cap
