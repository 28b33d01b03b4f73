// The rate a clock holds over on: the mean of the servo's last frequencies while it was locked. The PI servo's
// last output alone carries its proportional kick for the last offset, which on software timestamps swings by
// microseconds per second; their mean over a few seconds is the oscillator's rate the integral term found.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

namespace crosspoint::ptp {

class HoldoverRate {
 public:
  static constexpr std::size_t kSamples = 32;  // 4 s at the ST 2059-2 Sync rate of 8 a second

  void locked_sample(double frequency_ppb) {
    samples_[next_] = frequency_ppb;
    next_ = (next_ + 1) % kSamples;
    if (count_ < kSamples) ++count_;
  }
  void reset() {
    count_ = 0;
    next_ = 0;
  }
  // The mean of the samples kept; nullopt before the first.
  [[nodiscard]] std::optional<double> rate_ppb() const {
    if (count_ == 0) return std::nullopt;
    double sum = 0;
    for (std::size_t i = 0; i < count_; ++i) sum += samples_[i];
    return sum / static_cast<double>(count_);
  }

 private:
  std::array<double, kSamples> samples_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
};

}  // namespace crosspoint::ptp
