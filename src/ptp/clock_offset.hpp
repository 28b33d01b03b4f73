// The offset of another clock (CLOCK_REALTIME, a PHC) from the local timeline, CLOCK_MONOTONIC_RAW: read
// between two local reads, best of a few tries, so a preemption between the reads cannot skew it.
#pragma once

#include <ctime>

#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

struct ClockOffset {
  Nanoseconds other_minus_local_ns = 0;
  Nanoseconds local_ns = 0;  // when it was read (midpoint)
  Nanoseconds window_ns = 0;  // the two local reads' distance: the reading's uncertainty
};

inline ClockOffset read_clock_offset(clockid_t other, int tries = 3) {
  ClockOffset best{0, 0, -1};
  for (int i = 0; i < tries; ++i) {
    timespec reading{};
    const Nanoseconds before = monotonic_raw_now();
    clock_gettime(other, &reading);
    const Nanoseconds after = monotonic_raw_now();
    if (best.window_ns >= 0 && after - before >= best.window_ns) continue;
    const Nanoseconds midpoint = before + (after - before) / 2;
    best = ClockOffset{static_cast<Nanoseconds>(reading.tv_sec) * kNanosPerSecond + reading.tv_nsec - midpoint,
                       midpoint, after - before};
  }
  return best;
}

}  // namespace crosspoint::ptp
