// A proportional-integral servo. Beyond the first-step threshold it steps the phase on the first sample; it
// then estimates the frequency error from a few samples (a least-squares slope), steps again if the fitted
// offset is still beyond the threshold, and tracks with P and I terms whose gains are fractions of the offset
// removed per sample.
#pragma once

#include <array>
#include <cstddef>

#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/servo.hpp"

namespace crosspoint::ptp {

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

// The clock's default: a PiServo with these gains for each timeline it disciplines.
[[nodiscard]] ServoFactory pi_servo_factory(const PiServoConfig& config);

}  // namespace crosspoint::ptp
