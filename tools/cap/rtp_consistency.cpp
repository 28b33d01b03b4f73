#include "rtp_consistency.hpp"

namespace crosspoint::cap {

namespace {

// A burst of loss up to this many packets between two captured ones still reads as one stream.
constexpr std::uint16_t kLargestSequenceStep = 256;
// 2^22 ticks: 46 s at 90 kHz, 22 s at 192 kHz: a timestamp that jumps further is not the same clock.
constexpr std::uint32_t kLargestTimestampStep = 1U << 22;

}  // namespace

bool follows_in_rtp_stream(const st2110::RtpHeader& previous, const st2110::RtpHeader& next) {
  if (next.ssrc != previous.ssrc || next.payload_type != previous.payload_type) return false;
  const auto sequence_step = static_cast<std::uint16_t>(next.sequence - previous.sequence);
  if (sequence_step == 0 || sequence_step > kLargestSequenceStep) return false;
  return next.timestamp - previous.timestamp < kLargestTimestampStep;
}

}  // namespace crosspoint::cap
