// When a slave may say "locked" (IS-04 clocks, SDP ts-refclk): after N consecutive offsets within the lock
// threshold while the servo tracks; it loses lock on an offset beyond the unlock threshold or a step.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/servo.hpp"

namespace crosspoint::ptp {

class LockDetector {
 public:
  explicit LockDetector(const LockConfig& config) : config_(config) {}

  // Returns whether the clock is locked after this sample.
  bool sample(ServoState state, Nanoseconds offset_ns) {
    const Nanoseconds magnitude = offset_ns < 0 ? -offset_ns : offset_ns;
    if (state != ServoState::kLocked || magnitude > config_.unlock_threshold_ns) {
      reset();
      return false;
    }
    if (magnitude <= config_.lock_threshold_ns) {
      if (in_threshold_ < config_.samples_to_lock) ++in_threshold_;
    } else if (!locked_) {
      in_threshold_ = 0;
    }
    if (in_threshold_ >= config_.samples_to_lock) locked_ = true;
    return locked_;
  }
  void reset() {
    in_threshold_ = 0;
    locked_ = false;
  }
  [[nodiscard]] bool locked() const { return locked_; }

 private:
  LockConfig config_;
  std::size_t in_threshold_ = 0;
  bool locked_ = false;
};

}  // namespace crosspoint::ptp
