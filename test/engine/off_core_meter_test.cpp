// The off-core meter on a real thread: time the thread spends off its CPU without having said it would sleep
// is counted, a late wake-up is counted by how late it was, and the sleeps it asked for are not.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "../../src/engine/off_core_meter.hpp"

using crosspoint::Nanoseconds;
using crosspoint::engine::OffCoreMeter;

namespace {

constexpr Nanoseconds kMs = 1'000'000;

// Sleeps `span` and tells the meter it asked for `asked`.
void sleep_telling(OffCoreMeter& meter, Nanoseconds span, Nanoseconds asked) {
  const Nanoseconds before = crosspoint::monotonic_raw_now();
  std::this_thread::sleep_for(std::chrono::nanoseconds(span));
  meter.slept(asked, crosspoint::monotonic_raw_now() - before);
}

}  // namespace

TEST_CASE("time off the CPU that the thread did not ask for is a stall, as long as it lasted") {
  OffCoreMeter meter;
  meter.start();
  // Off the CPU for 5 ms without telling the meter: as a preemption looks from the thread.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  meter.sample();
  CHECK(meter.stalls() == 1);
  CHECK(meter.stall_max_ns() >= static_cast<std::uint64_t>(5 * kMs));
  CHECK(meter.stall_max_ns() < static_cast<std::uint64_t>(50 * kMs));  // a loaded machine's wake-up on top
  CHECK(meter.off_core_ns() >= meter.stall_max_ns());
}

TEST_CASE("a wake-up later than asked is counted by how late it came") {
  OffCoreMeter meter;
  meter.start();
  sleep_telling(meter, 4 * kMs, kMs);  // asked 1 ms, away 4 ms: 3 ms late
  CHECK(meter.stalls() == 1);
  CHECK(meter.stall_max_ns() >= static_cast<std::uint64_t>(3 * kMs));
  meter.sample();  // the window's sleep is accounted for: nothing more is lost
  CHECK(meter.stalls() == 1);
}

TEST_CASE("the sleeps a thread asked for are not time lost") {
  OffCoreMeter meter;
  meter.start();
  for (int i = 0; i < 5; ++i) {
    sleep_telling(meter, 2 * kMs, 2 * kMs);
    meter.sample();
  }
  // 10 ms asleep as asked: only the wake-ups' lateness counts (microseconds each; a loaded machine's worst
  // stays well below the sleeps themselves).
  CHECK(meter.off_core_ns() < static_cast<std::uint64_t>(5 * kMs));
}
