// Where the clock's state machine reads time: the local timeline (CLOCK_MONOTONIC_RAW nanoseconds) and, for a
// grandmaster that follows its host, the host's UTC clock against it. The clock's thread reads the host; tests
// drive the state machine with time of their own, so they neither sleep nor race.
#pragma once

#include <ctime>

#include "clock_offset.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

class TimeReader {
 public:
  virtual ~TimeReader() = default;
  [[nodiscard]] virtual Nanoseconds local_now() = 0;
  // CLOCK_REALTIME minus the local timeline, and when it was read.
  [[nodiscard]] virtual ClockOffset system_clock_offset() = 0;
};

class HostTimeReader final : public TimeReader {
 public:
  Nanoseconds local_now() override { return monotonic_raw_now(); }
  ClockOffset system_clock_offset() override { return read_clock_offset(CLOCK_REALTIME); }
};

}  // namespace crosspoint::ptp
