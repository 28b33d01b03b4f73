// When each packet of one paced output is due, in PTP nanoseconds (ST 2110-21): video on its frame's read
// schedule, audio and ancillary at their RTP time plus a delay. The packet's RTP timestamp names its frame;
// PTP time (ST 2059-1) gives the frame's epoch; a late frame keeps its schedule (its packets leave at
// once, counted late by the pace stage). A flow whose timestamps are not on PTP time (more than a second
// off) is paced on the next epochs after its arrival instead, the shift kept while the flow stays
// continuous, and counted. Pure: no DPDK, no allocation.
#pragma once

#include <cstdint>

#include "crosspoint/engine/output_pacing.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/st2110_21.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::engine {

class PaceSchedule {
 public:
  PaceSchedule() = default;
  PaceSchedule(const OutputPacing& pacing, st2110::MediaType media);

  // The PTP instant (ns since the PTP epoch) the packet is due, handled at PTP time `now_ns`.
  std::uint64_t due_ns(std::uint32_t rtp_timestamp, bool marker, std::uint64_t now_ns);

  [[nodiscard]] bool paced() const { return mode_ != PacingMode::kPassthrough; }
  // Frames (audio: packets) paced on a shifted epoch because their RTP time was far from PTP time.
  [[nodiscard]] std::uint64_t unaligned() const { return unaligned_; }
  // N in use: configured, or the count of the last complete frame.
  [[nodiscard]] std::uint32_t packets_per_frame() const { return timing_.packets_per_frame; }
  // TRS in use (video), in nanoseconds.
  [[nodiscard]] double trs_ns() const { return trs_ns_; }
  // Video: TDRAIN of the network compatibility model, Tframe / (1.1 N): the pace stage never releases a
  // flow faster than that, so a catch-up after a stall keeps Cinst low. 0 otherwise.
  [[nodiscard]] double drain_ns() const { return drain_ns_; }
  // Packets the pace stage may release back to back: half the class's CMAX (a worker's turn lasts
  // microseconds, and what fell due during it leaves together), at least 2 (wide: a group).
  [[nodiscard]] std::uint32_t burst() const { return burst_; }

 private:
  std::uint64_t video_due(std::uint32_t rtp_timestamp, bool marker, std::uint64_t now_ns);
  std::uint64_t packet_due(std::uint32_t rtp_timestamp, std::uint64_t now_ns);
  // The PTP instant of an RTP timestamp: the one nearest `now_ns` the 2^32 wrap allows.
  [[nodiscard]] std::int64_t media_time_ns(std::uint32_t rtp_timestamp, std::uint64_t now_ns) const;
  void begin_frame(std::uint32_t rtp_timestamp, std::uint64_t now_ns);
  void update_trs();

  PacingMode mode_ = PacingMode::kPassthrough;
  st2110::MediaType media_ = st2110::MediaType::kVideo;
  std::uint32_t clock_rate_ = 90000;
  st2110::VideoTiming timing_;
  double read_offset_ns_ = 0;
  double trs_ns_ = 0;
  double drain_ns_ = 0;
  // Wide: packets leave this much before the narrow schedule (half the delay), a cushion in the receiver's
  // buffer (VRX_FULL wide is large) against stalls of the worker.
  std::int64_t lead_ns_ = 0;
  double unit_ns_ = 0;
  std::int64_t delay_ns_ = 0;
  std::uint32_t group_ = 1;  // packets released together (wide)
  std::uint32_t burst_ = 2;

  bool in_frame_ = false;
  std::uint32_t frame_timestamp_ = 0;
  std::uint32_t frame_packets_ = 0;
  bool last_marker_ = false;
  std::uint32_t last_complete_ = 0;  // packets of the last frame when it was complete, else 0
  std::int64_t frame_read_start_ns_ = 0;  // epoch + read offset
  std::int64_t shift_units_ = 0; // video: frames added to the RTP-named one
  std::int64_t shift_ns_ = 0;    // audio, ancillary
  std::uint64_t unaligned_ = 0;
};

}  // namespace crosspoint::engine
