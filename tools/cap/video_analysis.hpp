// ST 2110-20 flow analysis: geometry from the RFC 4175 headers (rows, field bit, offsets and lengths),
// sampling and depth from the SDP or inferred from octets per pixel, frame cadence, and ST 2110-21
// compliance by running the Cinst and VRX models over the arrival times.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

// Whether a payload reads as RFC 4175: a header whose rows announce exactly the data that follows (to the
// payload's `wire_length`: the capture may have kept only its first octets).
bool looks_like_rfc4175(st2110::Bytes payload, std::size_t wire_length);

class VideoAnalyzer {
 public:
  // False (and nothing recorded) when the payload is not RFC 4175.
  bool add(Nanoseconds arrival_ns, const st2110::RtpHeader& rtp, st2110::Bytes payload);

  // `sdp`: the flow's format when an SDP named it. `arrivals`: the flow's packets in arrival order.
  // Fills `cadence` with the frame (field) cadence.
  [[nodiscard]] VideoReport finish(const std::optional<st2110::VideoFormat>& sdp,
                                   const std::vector<PacketArrival>& arrivals, CadenceReport& cadence) const;

 private:
  struct Unit {
    std::size_t first_packet = 0;
    std::uint32_t packets = 0;
    std::uint32_t timestamp = 0;
    bool second_field = false;
  };
  struct LastSegment {
    bool valid = false;
    bool second_field = false;
    std::uint16_t line = 0;
    std::uint16_t offset = 0;
    std::uint16_t length = 0;
  };

  std::uint32_t max_line_[2] = {0, 0};
  bool field_seen_[2] = {false, false};
  std::uint16_t max_offset_ = 0;
  std::uint16_t length_at_max_offset_ = 0;
  LastSegment last_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> octets_per_pixels_votes_;
  std::vector<Unit> units_;
  std::uint64_t packets_ = 0;
  std::uint64_t markers_ = 0;
};

}  // namespace crosspoint::cap
