// The mean path delay as the moving median of the last measurements: one queued packet on the path does not
// move the clock.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

class DelayFilter {
 public:
  static constexpr std::size_t kLength = 10;

  void add(Nanoseconds delay) {
    samples_[next_] = delay;
    next_ = (next_ + 1) % kLength;
    count_ = std::min(count_ + 1, kLength);
  }
  [[nodiscard]] bool empty() const { return count_ == 0; }
  [[nodiscard]] Nanoseconds median() const {
    std::array<Nanoseconds, kLength> sorted = samples_;
    std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count_));
    return count_ % 2 == 1 ? sorted[count_ / 2] : (sorted[count_ / 2 - 1] + sorted[count_ / 2]) / 2;
  }
  void clear() { count_ = next_ = 0; }

 private:
  std::array<Nanoseconds, kLength> samples_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
};

}  // namespace crosspoint::ptp
