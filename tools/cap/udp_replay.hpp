// `crosspoint-cap send`: replays a capture's RTP packets (headers and all) through a kernel socket to one
// destination on the capture's own schedule (ReplayPlan: each packet at its offset on the capture's
// timeline, scaled by a speed factor), so a capture generated ST 2110-21 narrow leaves narrow. The timeline
// starts a whole number of frame periods after the capture's, so every packet keeps its place in its frame.
// The thread sleeps to 20 us before each packet (1 us timer slack), spins the rest, runs SCHED_FIFO when
// it may, and after a stall catches up no faster than the ST 2110-21 drain period (TDRAIN), so a
// preempted sender is late but never bursts. The FFmpeg interop test feeds FFmpeg this way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::cap {

struct ReplayOptions {
  std::string file;
  st2110::Ipv4Address destination{0x7F000001};
  std::uint16_t port = 5004;
  double speed = 1.0;  // 2.0 replays twice as fast; 0 sends as fast as the socket takes them
  // Only packets to this capture destination port are sent; all UDP when unset.
  std::optional<std::uint16_t> only_port;
};

struct ReplayResult {
  std::uint64_t sent = 0;
  std::uint64_t skipped = 0;  // records that are not RTP over UDP/IPv4 or are filtered out
  std::uint64_t late = 0;     // packets sent more than 100 us after their time (a stalled sender)
  std::uint64_t send_errors = 0;
};

Expected<ReplayResult, std::string> replay_udp(const ReplayOptions& options);

}  // namespace crosspoint::cap
