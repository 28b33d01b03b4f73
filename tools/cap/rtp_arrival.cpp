#include "rtp_arrival.hpp"

#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::cap {

using st2110::Int128;

std::int64_t unwrapped_rtp_ticks(Nanoseconds arrival_ns, std::uint32_t timestamp, std::uint32_t clock_rate) {
  const auto now_ticks = static_cast<std::int64_t>(st2110::floor_div(Int128{arrival_ns} * clock_rate, kNanosPerSecond));
  const auto behind = static_cast<std::int32_t>(static_cast<std::uint32_t>(now_ticks) - timestamp);
  return now_ticks - behind;
}

double arrival_after_rtp_ns(Nanoseconds arrival_ns, std::uint32_t timestamp, std::uint32_t clock_rate) {
  const std::int64_t ticks = unwrapped_rtp_ticks(arrival_ns, timestamp, clock_rate);
  const Int128 scaled = Int128{arrival_ns} * clock_rate - Int128{ticks} * kNanosPerSecond;
  return static_cast<double>(scaled) / clock_rate;
}

}  // namespace crosspoint::cap
