#include <algorithm>

#include "crosspoint/engine/config.hpp"
#include "pace_queue_depth.hpp"

namespace crosspoint::engine {

std::uint64_t fan_out_header_mbufs(const std::vector<OutputConfig>& outputs, unsigned burst_size) {
  constexpr std::uint64_t kMbufsPerCopy = 2;
  std::uint64_t packets = 0;
  for (const OutputConfig& output : outputs) {
    const std::uint32_t depth = pace_queue_depth(output.pacing, output.media, output.legs.size());
    packets += depth != 0 ? depth : std::uint64_t{burst_size} * std::max<std::size_t>(1, output.legs.size());
  }
  return kMbufsPerCopy * packets;
}

}  // namespace crosspoint::engine
