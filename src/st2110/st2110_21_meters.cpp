#include "crosspoint/st2110/st2110_21_meters.hpp"

#include <algorithm>

#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::st2110 {

std::uint32_t NetworkCompatibilityMeter::on_packet(Nanoseconds arrival_ns) {
  if (!first_arrival_) first_arrival_ = arrival_ns;
  // cleared(t) = floor((t - t0) / TDRAIN)
  const auto cleared = static_cast<std::int64_t>(
      floor_div(Int128{arrival_ns - *first_arrival_} * drain_.denominator, drain_.numerator));
  const std::int64_t drained = cleared - cleared_;
  cleared_ = cleared;
  const std::int64_t level = static_cast<std::int64_t>(current_) + 1 - drained;
  current_ = static_cast<std::uint32_t>(std::max<std::int64_t>(0, level));
  max_ = std::max(max_, current_);
  return current_;
}

void VirtualReceiverMeter::begin_unit(Nanoseconds unit_epoch_ns) {
  unit_epoch_ = unit_epoch_ns;
  received_ = 0;
}

std::int64_t VirtualReceiverMeter::drained_by(Nanoseconds arrival_ns) const {
  // drained(t) = floor((t - TVD + TRS) / TRS) with TVD = epoch + TRO, over the common denominator.
  const Int128 elapsed = arrival_ns - unit_epoch_;
  const Int128 numerator = elapsed * tro_.denominator * trs_.denominator -
                           Int128{tro_.numerator} * trs_.denominator + Int128{trs_.numerator} * tro_.denominator;
  const Int128 denominator = Int128{tro_.denominator} * trs_.numerator;
  const Int128 due = floor_div(numerator, denominator);
  return static_cast<std::int64_t>(std::clamp<Int128>(due, 0, packets_per_unit_));
}

std::int64_t VirtualReceiverMeter::on_packet(Nanoseconds arrival_ns) {
  ++received_;
  const std::int64_t level = received_ - drained_by(arrival_ns);
  if (!seen_) {
    min_ = max_ = level;
    seen_ = true;
  } else {
    min_ = std::min(min_, level);
    max_ = std::max(max_, level);
  }
  return level;
}

}  // namespace crosspoint::st2110
