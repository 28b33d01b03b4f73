#include "dup_pair_comparison.hpp"

#include <algorithm>

namespace crosspoint::cap {

namespace {

void sort_unique(std::vector<std::uint64_t>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

DupPairReport compare_dup_legs(const FlowKey& a, std::vector<std::uint64_t> leg_a, const FlowKey& b,
                               std::vector<std::uint64_t> leg_b) {
  DupPairReport report;
  report.ssrc = a.ssrc;
  if (!leg_a.empty() && !leg_b.empty()) {
    // Each leg's extended numbers start in its own 2^16 cycle: shift B onto A's.
    const auto difference = static_cast<std::int64_t>(leg_a.front()) - static_cast<std::int64_t>(leg_b.front());
    const std::int64_t cycles = (difference + (difference >= 0 ? 32768 : -32768)) / 65536;
    for (auto& value : leg_b) value = static_cast<std::uint64_t>(static_cast<std::int64_t>(value) + cycles * 65536);
  }
  sort_unique(leg_a);
  sort_unique(leg_b);
  std::vector<std::uint64_t> merged;
  std::set_union(leg_a.begin(), leg_a.end(), leg_b.begin(), leg_b.end(), std::back_inserter(merged));
  report.merged_packets = merged.size();
  if (merged.empty()) {
    report.legs.push_back(DupLegReport{a, leg_a.size(), 0});
    report.legs.push_back(DupLegReport{b, leg_b.size(), 0});
    return report;
  }
  // Losses count from the first to the last packet seen on either leg; a leg that started late or ended
  // early because the capture did is not charged for it: its own span bounds its losses.
  report.sequence_range = merged.back() - merged.front() + 1;
  report.lost_on_both = report.sequence_range - report.merged_packets;
  const auto missing_within_own_span = [](const std::vector<std::uint64_t>& leg) -> std::uint64_t {
    return leg.empty() ? 0 : leg.back() - leg.front() + 1 - leg.size();
  };
  const std::uint64_t missing_a = missing_within_own_span(leg_a);
  const std::uint64_t missing_b = missing_within_own_span(leg_b);
  report.legs.push_back(DupLegReport{a, leg_a.size(), missing_a});
  report.legs.push_back(DupLegReport{b, leg_b.size(), missing_b});
  // Recovered: holes in one leg's span that the other leg fills.
  const auto filled_by = [](const std::vector<std::uint64_t>& leg, const std::vector<std::uint64_t>& other) {
    std::uint64_t filled = 0;
    if (leg.empty()) return filled;
    for (const std::uint64_t value : other) {
      if (value > leg.front() && value < leg.back() && !std::binary_search(leg.begin(), leg.end(), value)) ++filled;
    }
    return filled;
  };
  report.recovered = filled_by(leg_a, leg_b) + filled_by(leg_b, leg_a);
  return report;
}

}  // namespace crosspoint::cap
