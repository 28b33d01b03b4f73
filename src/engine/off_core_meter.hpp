// How long the kernel kept a polling thread off its core: the wake-ups that came later than the thread asked,
// and, over each sampling window, the wall time less the thread's CPU time and its sleeps (time it was
// runnable and something else ran). On a core shared with other work a SCHED_FIFO thread that leaves that
// work no time loses the core for tens of milliseconds at once (the kernel's fair server, or its real-time
// throttling, gives other tasks 50 ms a second): a paced output's packets go out that late. Each late wake-up
// or window that lost more than kStallNs is a stall, counted with the longest, so an operator sees that the
// core needs isolating (README "Real-time threads").
#pragma once

#include <cstdint>
#include <ctime>

#include "counter.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

class OffCoreMeter {
 public:
  static constexpr Nanoseconds kStallNs = 1'000'000;
  static constexpr Nanoseconds kWindowNs = 1'000'000;

  // The owning thread only: begins a window now.
  void start() {
    wall_ = monotonic_raw_now();
    cpu_ = thread_cpu_now();
    slept_ = 0;
  }
  // The owning thread only: it slept `actual` where it asked for `asked`. A wake-up that came late is time
  // off the core it did not ask for.
  void slept(Nanoseconds asked, Nanoseconds actual) {
    slept_ += actual;
    if (actual > asked) lost(actual - asked);
  }
  // The owning thread only, about once a window (a clock read, and a thread CPU clock read when it is due):
  // the window's wall time less its CPU time and its sleeps is time the thread was runnable and not run.
  void sample() {
    const Nanoseconds wall = monotonic_raw_now();
    if (wall - wall_ < kWindowNs) return;
    const Nanoseconds cpu = thread_cpu_now();
    const Nanoseconds preempted = (wall - wall_) - (cpu - cpu_) - slept_;
    if (preempted > 0) lost(preempted);
    wall_ = wall;
    cpu_ = cpu;
    slept_ = 0;
  }

  // Any thread.
  [[nodiscard]] std::uint64_t off_core_ns() const { return off_core_ns_.read(); }
  [[nodiscard]] std::uint64_t stalls() const { return stalls_.read(); }
  [[nodiscard]] std::uint64_t stall_max_ns() const { return stall_max_ns_.read(); }

 private:
  static Nanoseconds thread_cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<Nanoseconds>(ts.tv_sec) * kNanosPerSecond + ts.tv_nsec;
  }
  void lost(Nanoseconds span) {
    off_core_ns_.add(static_cast<std::uint64_t>(span));
    if (span > kStallNs) {
      stalls_.add();
      stall_max_ns_.raise_to(static_cast<std::uint64_t>(span));
    }
  }

  Nanoseconds wall_ = 0;
  Nanoseconds cpu_ = 0;
  Nanoseconds slept_ = 0;
  Counter off_core_ns_;
  Counter stalls_;
  Counter stall_max_ns_;
};

}  // namespace crosspoint::engine
