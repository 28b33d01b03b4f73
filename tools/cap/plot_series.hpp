// A measured quantity over capture time, thinned for plotting: at most a few hundred points, each bucket
// keeping its extreme value so a spike survives the thinning.
#pragma once

#include <cstdint>
#include <vector>

namespace crosspoint::cap {

struct PlotSeries {
  std::vector<double> seconds;  // since the capture's first packet
  std::vector<double> values;
};

class PlotSeriesBuilder {
 public:
  void add(std::uint64_t capture_ns, double value) { points_.push_back({capture_ns, value}); }
  // Buckets over [origin_ns, last point]; each keeps its largest value (or smallest when `keep_min`).
  [[nodiscard]] PlotSeries build(std::uint64_t origin_ns, std::size_t buckets = 400, bool keep_min = false) const;

 private:
  struct Point {
    std::uint64_t ns;
    double value;
  };
  std::vector<Point> points_;
};

}  // namespace crosspoint::cap
