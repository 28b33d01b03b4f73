// `crosspoint-cap send`: replays a capture's UDP payloads (RTP headers and all) through a kernel socket to
// one destination, keeping the capture's packet spacing (scaled by a speed factor). The FFmpeg interop test
// feeds FFmpeg this way.
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
  std::uint64_t skipped = 0;  // records that are not UDP/IPv4 or are filtered out
  std::uint64_t send_errors = 0;
};

Expected<ReplayResult, std::string> replay_udp(const ReplayOptions& options);

}  // namespace crosspoint::cap
