#include "plot_series.hpp"

#include <algorithm>

namespace crosspoint::cap {

PlotSeries PlotSeriesBuilder::build(std::uint64_t origin_ns, std::size_t buckets, bool keep_min) const {
  PlotSeries series;
  if (points_.empty()) return series;
  std::uint64_t last = 0;
  for (const Point& p : points_) last = std::max(last, p.ns);
  const double span = static_cast<double>(last > origin_ns ? last - origin_ns : 1);
  std::vector<bool> used(buckets, false);
  std::vector<double> times(buckets, 0);
  std::vector<double> values(buckets, 0);
  for (const Point& p : points_) {
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
