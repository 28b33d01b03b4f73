// ST 2110-22 flow analysis for JPEG XS (RFC 9134): packetization mode and scan from the payload headers,
// frames, whether the F/SEP/P counters follow on, the frame rate from the RTP cadence and the bit rate of
// the codestream against media time.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rfc9134.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

class JpegXsAnalyzer {
 public:
  // False when the payload header does not parse.
  bool add(const st2110::RtpHeader& rtp, st2110::Bytes payload, std::size_t wire_length);
  // `units`, `cadence`: the flow's units and their cadence at 90 kHz (unit_cadence.hpp); the rate is filled in here.
  [[nodiscard]] CompressedVideoReport finish(std::uint64_t units, CadenceReport& cadence) const;

 private:
  std::optional<st2110::JpegXsPayloadHeader> last_;
  std::uint16_t last_sequence_ = 0;
  std::uint32_t last_timestamp_ = 0;
  std::uint64_t slice_packets_ = 0;
  std::uint64_t codestream_packets_ = 0;
  std::uint64_t non_sequential_ = 0;
  std::uint64_t interlaced_ = 0;
  std::uint64_t starts_ = 0;
  std::uint64_t counter_errors_ = 0;
  std::uint64_t codestream_octets_ = 0;
  std::uint64_t packets_ = 0;
};

}  // namespace crosspoint::cap
