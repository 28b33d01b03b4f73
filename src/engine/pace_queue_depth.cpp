#include "pace_queue_depth.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "crosspoint/engine/limits.hpp"
#include "crosspoint/st2110/st2110_21.hpp"

namespace crosspoint::engine {

std::uint32_t pace_queue_depth(const OutputPacing& pacing, st2110::MediaType media, std::size_t legs) {
  if (pacing.mode == PacingMode::kPassthrough) return 0;
  double per_leg = 0;
  if (media == st2110::MediaType::kVideo) {
    if (pacing.packets_per_frame == 0 || pacing.frame_rate.numerator <= 0) return kMaxPaceQueueDepth;
    st2110::VideoTiming timing;
    timing.frame_rate = pacing.frame_rate;
    timing.height = pacing.height;
    timing.interlaced = pacing.interlaced;
    const double frame_ns = st2110::frame_period_ns(timing).to_double();
    const double read_offset_ns = static_cast<double>(paced_read_offset_us(pacing).value_or(0)) * 1000.0;
    per_leg = std::ceil(pacing.packets_per_frame * (2 * frame_ns + read_offset_ns) / frame_ns);
  } else {
    per_leg = std::ceil(kMaxPacketsPerSecondOfAudio * (pacing.delay_us + 1000.0) / 1e6);
  }
  const double wanted = (per_leg + kMaxBurst) * static_cast<double>(std::max<std::size_t>(1, legs));
  if (wanted >= kMaxPaceQueueDepth) return kMaxPaceQueueDepth;
  return std::clamp(std::bit_ceil(static_cast<std::uint32_t>(wanted)), kMinPaceQueueDepth, kMaxPaceQueueDepth);
}

}  // namespace crosspoint::engine
