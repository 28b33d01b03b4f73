#include "dup_pair_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace crosspoint::cap {

namespace {

// Each leg's extended numbers start in its own 2^16 cycle: the shift that puts B's onto A's.
std::int64_t cycle_shift(const std::vector<std::uint64_t>& leg_a, const std::vector<std::uint64_t>& leg_b) {
  if (leg_a.empty() || leg_b.empty()) return 0;
  const auto difference = static_cast<std::int64_t>(leg_a.front()) - static_cast<std::int64_t>(leg_b.front());
  return (difference + (difference >= 0 ? 32768 : -32768)) / 65536 * 65536;
}

void sort_unique(std::vector<std::uint64_t>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

DupPairReport compare_dup_legs(const FlowKey& a, std::vector<std::uint64_t> leg_a, const FlowKey& b,
                               std::vector<std::uint64_t> leg_b) {
  DupPairReport report;
  report.ssrc = a.ssrc;
  const std::int64_t shift = cycle_shift(leg_a, leg_b);
  for (auto& value : leg_b) value = static_cast<std::uint64_t>(static_cast<std::int64_t>(value) + shift);
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

void measure_dup_skew(const std::vector<std::uint64_t>& a_received, const std::vector<PacketArrival>& a_arrivals,
                      const std::vector<std::uint64_t>& b_received, const std::vector<PacketArrival>& b_arrivals,
                      std::uint64_t origin_ns, DupPairReport& report) {
  std::unordered_map<std::uint64_t, Nanoseconds> first_on_a;
  first_on_a.reserve(a_received.size());
  for (std::size_t i = 0; i < a_received.size() && i < a_arrivals.size(); ++i) {
    first_on_a.try_emplace(a_received[i], a_arrivals[i].arrival_ns);
  }
  const std::int64_t shift = cycle_shift(a_received, b_received);
  std::unordered_map<std::uint64_t, Nanoseconds> on_b;
  PlotSeriesBuilder lost_on[2];
  for (std::size_t i = 0; i < b_received.size() && i < b_arrivals.size(); ++i) {
    const auto aligned = static_cast<std::uint64_t>(static_cast<std::int64_t>(b_received[i]) + shift);
    on_b.try_emplace(aligned, b_arrivals[i].arrival_ns);
    const auto on_a = first_on_a.find(aligned);
    if (on_a == first_on_a.end()) {
      lost_on[0].add(static_cast<std::uint64_t>(b_arrivals[i].arrival_ns), 1);
      continue;
    }
    const auto skew = static_cast<double>(b_arrivals[i].arrival_ns - on_a->second);
    report.skew_ns.add(skew);
    report.max_skew_ns = std::max(report.max_skew_ns, std::abs(skew));
  }
  // In A's arrival order: the plot takes points in capture order.
  for (std::size_t i = 0; i < a_received.size() && i < a_arrivals.size(); ++i) {
    const auto first = first_on_a.find(a_received[i]);
    if (first == first_on_a.end() || on_b.count(a_received[i]) != 0) continue;
    lost_on[1].add(static_cast<std::uint64_t>(first->second), 1);
    first_on_a.erase(first);  // a repeated packet is one loss
  }
  for (std::size_t leg = 0; leg < 2; ++leg) report.losses[leg] = lost_on[leg].build(origin_ns, 200);
}

}  // namespace crosspoint::cap
