// A proportional-integral servo. Beyond the first-step threshold it steps the phase on the first sample; it
// then estimates the frequency error from a few samples (a least-squares slope), steps again if the fitted
// offset is still beyond the threshold, and tracks with P and I terms whose gains are fractions of the offset
// removed per sample.
#pragma once

#include <array>
#include <cstddef>

#include "crosspoint/ptp/servo.hpp"

namespace crosspoint::ptp {

struct PiServoConfig {
  double proportional_gain = 0.2;  // fraction of the offset corrected in one sync interval
  double integral_gain = 0.02;     // fraction of the offset folded into the frequency each interval
  Nanoseconds first_step_threshold_ns = 20'000;  // step at the start when further off than this
  Nanoseconds step_threshold_ns = 1'000'000;     // later: step (after a fresh estimate) beyond this; 0 never
  double max_frequency_ppb = 500'000.0;
  std::size_t estimation_samples = 8;  // samples for the initial frequency estimate (2..16)
};

class PiServo final : public Servo {
 public:
  static constexpr std::size_t kMaxEstimationSamples = 16;

  explicit PiServo(const PiServoConfig& config, double initial_frequency_ppb = 0.0);

  ServoOutput sample(Nanoseconds offset_ns, Nanoseconds local_ns) override;
  void set_sync_interval(double seconds) override { interval_s_ = seconds > 0 ? seconds : interval_s_; }
  void reset(double frequency_ppb) override;

  [[nodiscard]] double frequency_ppb() const { return drift_ppb_; }

 private:
  [[nodiscard]] double clamp(double ppb) const;

  PiServoConfig config_;
  double interval_s_ = 0.125;
  double drift_ppb_;  // the integral: the frequency that holds the offset still
  std::array<Nanoseconds, kMaxEstimationSamples> estimation_offsets_{};
  std::array<Nanoseconds, kMaxEstimationSamples> estimation_times_{};
  std::size_t estimation_count_ = 0;
  bool tracking_ = false;
  bool phase_stepped_ = false;  // stepped on the first sample of this estimation
};

}  // namespace crosspoint::ptp
