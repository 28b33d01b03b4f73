// Keeps single delayed packets away from the servo: once tracking, an offset far beyond the recent typical
// magnitude is set aside; a run of them is accepted as a real change (the master moved, not one packet).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>

#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

class OutlierFilter {
 public:
  static constexpr std::size_t kHistory = 16;

  explicit OutlierFilter(const OutlierConfig& config = {}) : config_(config) {}

  // Whether to pass this offset to the servo.
  bool accept(Nanoseconds offset_ns) {
    const Nanoseconds magnitude = std::llabs(offset_ns);
    if (count_ >= kHistory / 2 && rejected_in_row_ < config_.max_consecutive) {
      std::array<Nanoseconds, kHistory> sorted = recent_;
      std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count_));
      const auto limit = std::max(config_.floor_ns, static_cast<Nanoseconds>(config_.factor *
                                                                             static_cast<double>(sorted[count_ / 2])));
      if (magnitude > limit) {
        ++rejected_in_row_;
        ++rejected_;
        return false;
      }
    }
    rejected_in_row_ = 0;
    recent_[next_] = magnitude;
    next_ = (next_ + 1) % kHistory;
    count_ = std::min(count_ + 1, kHistory);
    return true;
  }
  void reset() { count_ = next_ = rejected_in_row_ = 0; }
  [[nodiscard]] std::size_t rejected() const { return rejected_; }

 private:
  OutlierConfig config_;
  std::array<Nanoseconds, kHistory> recent_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  std::size_t rejected_in_row_ = 0;
  std::size_t rejected_ = 0;
};

}  // namespace crosspoint::ptp
