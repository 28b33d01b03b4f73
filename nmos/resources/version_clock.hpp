// Resource versions: the TAI time of each change, from the process's ClockModel, strictly increasing so that
// two changes in the same nanosecond still get different versions.
#pragma once

#include <mutex>

#include "crosspoint/time/clock_model.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::nmos {

class VersionClock {
 public:
  explicit VersionClock(const ClockModel& clock) : clock_(clock) {}

  PtpTime next() {
    std::lock_guard lock(mutex_);
    PtpTime now = clock_.now();
    if (now <= last_) now = last_.plus(1);
    last_ = now;
    return now;
  }

 private:
  const ClockModel& clock_;
  std::mutex mutex_;
  PtpTime last_{};
};

}  // namespace crosspoint::nmos
