#include "dup_pair_comparison.hpp"

#include <algorithm>
#include <cmath>

namespace crosspoint::cap {

namespace {

// Each leg's extended numbers start in its own 2^16 cycle: the shift that puts B's onto A's.
std::int64_t cycle_shift(std::uint64_t a_first, std::uint64_t b_first) {
  const auto difference = static_cast<std::int64_t>(a_first) - static_cast<std::int64_t>(b_first);
  return (difference + (difference >= 0 ? 32768 : -32768)) / 65536 * 65536;
}

}  // namespace

DupPairComparison::DupPairComparison(const FlowKey& a, std::uint64_t a_first, const FlowKey& b,
                                     std::uint64_t b_first, bool from_sdp)
    : keys_{a, b}, from_sdp_(from_sdp), b_shift_(cycle_shift(a_first, b_first)), slots_(kWindow) {}

void DupPairComparison::add(std::size_t leg, std::uint64_t extended_sequence, Nanoseconds arrival_ns) {
  const std::uint64_t sequence =
      leg == 0 ? extended_sequence : static_cast<std::uint64_t>(static_cast<std::int64_t>(extended_sequence) + b_shift_);
  if (!started_) {
    started_ = true;
    // Room below the first number for packets that arrive out of order.
    base_ = sequence > kWindow / 2 ? sequence - kWindow / 2 : 0;
    lowest_ = highest_ = sequence;
  }
  if (sequence < base_) return;  // later than the window: lost, as a receiver would have it
  if (sequence >= base_ + kWindow) advance_to(sequence - kWindow + 1);
  lowest_ = std::min(lowest_, sequence);
  highest_ = std::max(highest_, sequence);
  LegSpan& span = legs_[leg];
  span.lowest = span.seen ? std::min(span.lowest, sequence) : sequence;
  span.highest = span.seen ? std::max(span.highest, sequence) : sequence;
  span.seen = true;
  Slot& s = slot(sequence);
  const std::size_t other = 1 - leg;
  // The skew of each B copy against A's first: arrival on B minus arrival on A.
  if (s.on[other] && (leg == 1 || !s.on[0])) {
    const double skew = leg == 1 ? static_cast<double>(arrival_ns - s.first_arrival[0])
                                 : static_cast<double>(s.first_arrival[1] - arrival_ns);
    skew_ns_.add(skew);
    max_skew_ns_ = std::max(max_skew_ns_, std::abs(skew));
  }
  if (!s.on[leg]) {
    s.on[leg] = true;
    s.first_arrival[leg] = arrival_ns;
  }
}

void DupPairComparison::advance_to(std::uint64_t new_base) {
  // Only the window's slots hold packets: past them, a jump leaves nothing to judge one by one.
  const std::uint64_t end = std::min(new_base, base_ + kWindow);
  for (; base_ < end; ++base_) {
    Slot& s = slot(base_);
    if (base_ >= lowest_ && base_ <= highest_) {
      if (s.on[0] || s.on[1]) ++merged_;
      for (std::size_t leg = 0; leg < 2; ++leg) {
        LegSpan& span = legs_[leg];
        if (s.on[leg]) {
          ++span.distinct;
          // Holes the other leg filled since this leg's last packet lie inside this leg's span.
          span.holes_filled += span.holes_filled_pending;
          span.holes_filled_pending = 0;
        } else if (s.on[1 - leg]) {
          lost_on_[leg].add(static_cast<std::uint64_t>(s.first_arrival[1 - leg]), 1);
          if (span.seen && span.lowest < base_) ++span.holes_filled_pending;
        }
      }
    }
    s = Slot{};
  }
  base_ = std::max(base_, new_base);
}

DupPairReport DupPairComparison::finish(std::uint64_t origin_ns) {
  DupPairReport report;
  report.ssrc = keys_[0].ssrc;
  report.from_sdp = from_sdp_;
  if (started_) advance_to(highest_ + 1);
  report.merged_packets = merged_;
  report.sequence_range = started_ ? highest_ - lowest_ + 1 : 0;
  report.lost_on_both = report.sequence_range - report.merged_packets;
  for (std::size_t leg = 0; leg < 2; ++leg) {
    const LegSpan& span = legs_[leg];
    // A leg that started late or ended early because the capture did is not charged for it: its own span
    // bounds its losses.
    const std::uint64_t missing = span.seen ? span.highest - span.lowest + 1 - span.distinct : 0;
    report.legs.push_back(DupLegReport{keys_[leg], span.distinct, missing});
    report.recovered += span.holes_filled;
    report.losses[leg] = lost_on_[leg].build(origin_ns, 200);
  }
  report.skew_ns = skew_ns_;
  report.max_skew_ns = max_skew_ns_;
  return report;
}

}  // namespace crosspoint::cap
