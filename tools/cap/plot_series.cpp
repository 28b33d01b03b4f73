#include "plot_series.hpp"

#include <algorithm>

namespace crosspoint::cap {

void PlotSeriesBuilder::merge_pairs() {
  for (std::size_t i = 0; i < kFineBuckets / 2; ++i) {
    Fine merged = fine_[2 * i];
    const Fine& second = fine_[2 * i + 1];
    if (second.used) {
      if (!merged.used || second.max.value > merged.max.value) merged.max = second.max;
      if (!merged.used || second.min.value < merged.min.value) merged.min = second.min;
      merged.used = true;
    }
    fine_[i] = merged;
  }
  std::fill(fine_.begin() + kFineBuckets / 2, fine_.end(), Fine{});
  width_ns_ *= 2;
}

void PlotSeriesBuilder::add(std::uint64_t capture_ns, double value) {
  if (fine_.empty()) {
    fine_.resize(kFineBuckets);
    base_ns_ = capture_ns;
  }
  const std::uint64_t at = capture_ns > base_ns_ ? capture_ns - base_ns_ : 0;
  while (at / width_ns_ >= kFineBuckets) merge_pairs();
  Fine& bucket = fine_[at / width_ns_];
  const Extreme point{capture_ns, value};
  if (!bucket.used || value > bucket.max.value) bucket.max = point;
  if (!bucket.used || value < bucket.min.value) bucket.min = point;
  bucket.used = true;
  last_ns_ = std::max(last_ns_, capture_ns);
}

PlotSeries PlotSeriesBuilder::build(std::uint64_t origin_ns, std::size_t buckets, bool keep_min) const {
  PlotSeries series;
  if (fine_.empty()) return series;
  const double span = static_cast<double>(last_ns_ > origin_ns ? last_ns_ - origin_ns : 1);
  std::vector<bool> used(buckets, false);
  std::vector<double> times(buckets, 0);
  std::vector<double> values(buckets, 0);
  for (const Fine& fine : fine_) {
    if (!fine.used) continue;
    const Extreme& p = keep_min ? fine.min : fine.max;
    const double at = static_cast<double>(p.ns > origin_ns ? p.ns - origin_ns : 0);
    auto bucket = static_cast<std::size_t>(at / span * static_cast<double>(buckets - 1));
    if (bucket >= buckets) bucket = buckets - 1;
    if (!used[bucket] || (keep_min ? p.value < values[bucket] : p.value > values[bucket])) {
      values[bucket] = p.value;
      times[bucket] = at / 1e9;
    }
    used[bucket] = true;
  }
  for (std::size_t i = 0; i < buckets; ++i) {
    if (!used[i]) continue;
    series.seconds.push_back(times[i]);
    series.values.push_back(values[i]);
  }
  return series;
}

}  // namespace crosspoint::cap
