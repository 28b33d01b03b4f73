#include "pi_servo.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace crosspoint::ptp {

PiServo::PiServo(const PiServoConfig& config, double initial_frequency_ppb)
    : config_(config), drift_ppb_(initial_frequency_ppb) {
  config_.estimation_samples = std::clamp<std::size_t>(config_.estimation_samples, 2, kMaxEstimationSamples);
}

void PiServo::reset(double frequency_ppb) {
  drift_ppb_ = clamp(frequency_ppb);
  estimation_count_ = 0;
  tracking_ = false;
  phase_stepped_ = false;
}

double PiServo::clamp(double ppb) const {
  return std::clamp(ppb, -config_.max_frequency_ppb, config_.max_frequency_ppb);
}

ServoOutput PiServo::sample(Nanoseconds offset_ns, Nanoseconds local_ns) {
  if (tracking_) {
    if (config_.step_threshold_ns > 0 && std::llabs(offset_ns) > config_.step_threshold_ns) {
      // Far off while tracking (a new master, a jump of the master): estimate afresh, then step.
      estimation_count_ = 0;
      tracking_ = false;
      phase_stepped_ = false;
    } else {
      const double offset = static_cast<double>(offset_ns);
      drift_ppb_ = clamp(drift_ppb_ - config_.integral_gain * offset / interval_s_);
      const double ppb = clamp(drift_ppb_ - config_.proportional_gain * offset / interval_s_);
      return ServoOutput{ServoState::kLocked, ppb};
    }
  }

  if (estimation_count_ == 0 && !phase_stepped_ && std::llabs(offset_ns) > config_.first_step_threshold_ns) {
    // Far off at the start: fix the phase at once, then estimate the frequency from the samples that follow.
    phase_stepped_ = true;
    return ServoOutput{ServoState::kJump, drift_ppb_, offset_ns};
  }
  estimation_offsets_[estimation_count_] = offset_ns;
  estimation_times_[estimation_count_] = local_ns;
  ++estimation_count_;
  if (estimation_count_ < config_.estimation_samples) return ServoOutput{ServoState::kUnlocked, drift_ppb_};

  // Least-squares slope of offset over local time: how fast we run ahead of the master (ns per s = ppb).
  const auto n = static_cast<double>(estimation_count_);
  double mean_t = 0;
  double mean_o = 0;
  for (std::size_t i = 0; i < estimation_count_; ++i) {
    mean_t += static_cast<double>(estimation_times_[i] - estimation_times_[0]) / n;
    mean_o += static_cast<double>(estimation_offsets_[i]) / n;
  }
  double covariance = 0;
  double variance = 0;
  for (std::size_t i = 0; i < estimation_count_; ++i) {
    const double dt = static_cast<double>(estimation_times_[i] - estimation_times_[0]) - mean_t;
    covariance += dt * (static_cast<double>(estimation_offsets_[i]) - mean_o);
    variance += dt * dt;
  }
  const double slope_ppb = variance > 0 ? covariance / variance * 1e9 : 0.0;
  drift_ppb_ = clamp(drift_ppb_ - slope_ppb);
  estimation_count_ = 0;
  tracking_ = true;
  // The fitted offset at the last sample, not the last noisy sample alone, decides whether and how far to step.
  const double last_t = static_cast<double>(local_ns - estimation_times_[0]);
  const auto fitted = static_cast<Nanoseconds>(mean_o + (last_t - mean_t) * slope_ppb * 1e-9);
  const bool step = std::llabs(fitted) > config_.first_step_threshold_ns;
  return ServoOutput{step ? ServoState::kJump : ServoState::kLocked, drift_ppb_, step ? fitted : 0};
}

ServoFactory pi_servo_factory(const PiServoConfig& config) {
  return [config](double initial_frequency_ppb) { return std::make_unique<PiServo>(config, initial_frequency_ppb); };
}

}  // namespace crosspoint::ptp
