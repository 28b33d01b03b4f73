#include "model_discipline.hpp"

#include <sys/timex.h>

namespace crosspoint::ptp {

void ModelDiscipline::apply(const ServoOutput& output, Nanoseconds now) {
  if (output.state == ServoState::kUnlocked) return;
  const PtpTime reading = model_.to_ptp(now);
  const Nanoseconds step = output.state == ServoState::kJump ? output.step_ns : 0;
  model_.publish(ClockMapping{now, static_cast<std::uint64_t>(static_cast<std::int64_t>(reading.to_nanos()) - step),
                              output.frequency_ppb});
  if (host_ == HostClockAdjustment::kSystemClock) adjust_host(step != 0);
}

// CLOCK_REALTIME runs at the model's rate (both relative to the raw oscillator) and, after a step, is set to
// the model's time less the UTC offset.
void ModelDiscipline::adjust_host(bool stepped) {
  timex frequency{};
  frequency.modes = ADJ_FREQUENCY;
  frequency.freq = static_cast<long>(model_.mapping().rate_ppb * 65.536);  // ppm with a 16-bit fraction
  if (clock_adjtime(CLOCK_REALTIME, &frequency) < 0) host_failed_ = true;
  if (!stepped) return;
  timespec utc{};
  const Nanoseconds local = monotonic_raw_now();
  clock_gettime(CLOCK_REALTIME, &utc);
  const auto model_utc = static_cast<Nanoseconds>(model_.to_ptp(local).to_nanos()) - utc_offset_s_ * kNanosPerSecond;
  const Nanoseconds delta = model_utc - (static_cast<Nanoseconds>(utc.tv_sec) * kNanosPerSecond + utc.tv_nsec);
  timex step{};
  step.modes = ADJ_SETOFFSET | ADJ_NANO;
  step.time.tv_sec = delta / kNanosPerSecond;
  step.time.tv_usec = delta % kNanosPerSecond;
  if (step.time.tv_usec < 0) {
    step.time.tv_sec -= 1;
    step.time.tv_usec += kNanosPerSecond;
  }
  if (clock_adjtime(CLOCK_REALTIME, &step) < 0) host_failed_ = true;
}

}  // namespace crosspoint::ptp
