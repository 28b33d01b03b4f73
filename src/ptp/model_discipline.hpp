// Applies servo outputs to the process's ClockModel: a step moves the mapping's phase, a frequency sets its
// rate, each re-based at the present instant so the model's time stays continuous except for steps.
// Optionally mirrors them onto CLOCK_REALTIME (an explicit configuration choice, never the default).
#pragma once

#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/servo.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

class ModelDiscipline {
 public:
  ModelDiscipline(ClockModel& model, HostClockAdjustment host) : model_(model), host_(host) {}

  // Applies one servo output at local time `now`.
  void apply(const ServoOutput& output, Nanoseconds now);
  [[nodiscard]] double frequency_ppb() const { return model_.mapping().rate_ppb; }
  // Seconds to subtract from the model's time to get UTC for CLOCK_REALTIME (0 on an ARB timescale).
  void set_utc_offset_seconds(std::int64_t seconds) { utc_offset_s_ = seconds; }
  // Whether mirroring onto CLOCK_REALTIME failed (no privilege, ...).
  [[nodiscard]] bool host_adjustment_failed() const { return host_failed_; }

 private:
  void adjust_host(bool stepped);

  ClockModel& model_;
  HostClockAdjustment host_;
  std::int64_t utc_offset_s_ = 0;
  bool host_failed_ = false;
};

}  // namespace crosspoint::ptp
