// A measured quantity over capture time, thinned for plotting: at most a few hundred points, each bucket
// keeping its extreme value so a spike survives the thinning. The builder holds a fixed number of fine
// buckets whatever the number of points: when points reach past the buckets' span, neighbouring buckets
// merge (the span doubles), so a capture of any length plots in the same memory.
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
  // Points come in capture order; one earlier than the first point counts in the first fine bucket.
  void add(std::uint64_t capture_ns, double value);
  // Buckets over [origin_ns, last point]; each keeps its largest value (or smallest when `keep_min`).
  [[nodiscard]] PlotSeries build(std::uint64_t origin_ns, std::size_t buckets = 400, bool keep_min = false) const;

 private:
  static constexpr std::size_t kFineBuckets = 2048;
  struct Extreme {
    std::uint64_t ns = 0;
    double value = 0;
  };
  struct Fine {
    bool used = false;
    Extreme max;
    Extreme min;
  };
  void merge_pairs();

  std::vector<Fine> fine_;  // allocated on the first point
  std::uint64_t base_ns_ = 0;
  std::uint64_t width_ns_ = 1000;  // of one fine bucket; doubles as the series grows
  std::uint64_t last_ns_ = 0;
};

}  // namespace crosspoint::cap
