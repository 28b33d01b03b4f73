// ST 2110-20 flow analysis: geometry from the RFC 4175 headers (rows, field bit, offsets and lengths),
// sampling and depth from the SDP or inferred from octets per pixel, frame cadence, and ST 2110-21
// compliance by running the Cinst and VRX models over the arrival times.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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

// Works in two phases so that memory does not grow with the capture: add() reads every payload; settle()
// fixes the timing model (rate, raster, packets per frame) from what was read so far; from then on
// on_arrival() runs the Cinst and VRX models packet by packet, holding at most one frame's arrivals.
class VideoAnalyzer {
 public:
  // False (and nothing recorded) when the payload is not RFC 4175.
  bool add(const st2110::RtpHeader& rtp, st2110::Bytes payload);
  // `sdp`: the flow's format when an SDP named it. Without a frame rate or packets per frame yet, the
  // timing models do not run.
  void settle(const std::optional<st2110::VideoFormat>& sdp);
  // The flow's packets in arrival order, from the first, after settle().
  void on_arrival(const PacketArrival& arrival);
  // Fills `cadence` with the frame (field) cadence.
  [[nodiscard]] VideoReport finish(const std::optional<st2110::VideoFormat>& sdp, CadenceReport& cadence);

 private:
  struct LastSegment {
    bool valid = false;
    bool second_field = false;
    std::uint16_t line = 0;
    std::uint16_t offset = 0;
    std::uint16_t length = 0;
  };
  // The ST 2110-21 models over the arrivals, one unit (frame or field) at a time.
  struct TimingRun;
  struct TimingRunDeleter {
    void operator()(TimingRun* run) const;
  };

  // Format, raster, rate, packets per unit and incomplete units from the payloads read so far.
  [[nodiscard]] VideoReport describe(const std::optional<st2110::VideoFormat>& sdp, CadenceReport& cadence) const;
  [[nodiscard]] std::uint32_t packets_per_unit() const;
  void close_unit();

  std::uint32_t max_line_[2] = {0, 0};
  bool field_seen_[2] = {false, false};
  std::uint16_t max_offset_ = 0;
  std::uint16_t length_at_max_offset_ = 0;
  LastSegment last_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> octets_per_pixels_votes_;
  // Units (runs of packets with one RTP timestamp): how many, the steps between them, and how many had
  // each packet count (the unit in progress not yet among them).
  std::uint64_t units_ = 0;
  std::uint32_t unit_timestamp_ = 0;
  std::uint32_t unit_packets_ = 0;
  Range unit_step_;
  std::map<std::uint32_t, std::uint64_t> unit_sizes_;
  std::uint64_t packets_ = 0;
  std::uint64_t markers_ = 0;
  std::unique_ptr<TimingRun, TimingRunDeleter> timing_;
};

}  // namespace crosspoint::cap
