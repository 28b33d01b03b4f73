#include <catch2/catch.hpp>

#include "e2e_measurement.hpp"
#include "outlier_filter.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

// Our clock reads local + 1'000 s; the master is 700 ns behind us; the path is 2'500 ns each way.
constexpr Nanoseconds kOurOffset = 1'000 * kNanosPerSecond;
constexpr Nanoseconds kAhead = 700;
constexpr Nanoseconds kPath = 2'500;

PtpTime ours(Nanoseconds local) { return PtpTime::from_nanos(static_cast<std::uint64_t>(local + kOurOffset)); }
PtpTime masters(Nanoseconds local) { return ours(local).plus(-kAhead); }

}  // namespace

TEST_CASE("two-step sync and delay request-response give the offset and the path delay") {
  E2eMeasurement e2e(ours);
  // Sync leaves the master at local 1 s, arrives after the path delay.
  const Nanoseconds t1_local = kNanosPerSecond;
  CHECK_FALSE(e2e.on_sync(10, t1_local + kPath, 0, std::nullopt).has_value());
  CHECK_FALSE(e2e.on_follow_up(10, masters(t1_local), 0).has_value());  // no delay known yet
  CHECK(e2e.has_sync());

  const Nanoseconds t3_local = t1_local + 50'000'000;
  e2e.on_delay_req_sent(3, t3_local);
  CHECK_FALSE(e2e.on_delay_resp(4, masters(t3_local + kPath), 0));  // not ours
  CHECK(e2e.on_delay_resp(3, masters(t3_local + kPath), 0));
  REQUIRE(e2e.mean_path_delay().has_value());
  CHECK(*e2e.mean_path_delay() == kPath);

  const Nanoseconds next = t1_local + 125'000'000;
  CHECK_FALSE(e2e.on_sync(11, next + kPath, 0, std::nullopt).has_value());
  const auto sample = e2e.on_follow_up(11, masters(next), 0);
  REQUIRE(sample.has_value());
  CHECK(sample->offset_ns == kAhead);
  CHECK(sample->mean_path_delay_ns == kPath);
  CHECK(sample->local_time_ns == next + kPath);
}

TEST_CASE("correction fields of Sync, Follow_Up and Delay_Resp are taken off the path") {
  E2eMeasurement e2e(ours);
  // A transparent clock held each message 1'000 ns and said so.
  e2e.on_sync(1, kNanosPerSecond + kPath + 1'000, 400, std::nullopt);
  e2e.on_follow_up(1, masters(kNanosPerSecond), 600);
  e2e.on_delay_req_sent(1, 2 * kNanosPerSecond);
  REQUIRE(e2e.on_delay_resp(1, masters(2 * kNanosPerSecond + kPath + 1'000), 1'000));
  CHECK(*e2e.mean_path_delay() == kPath);
  e2e.on_sync(2, 3 * kNanosPerSecond + kPath + 1'000, 1'000, std::nullopt);
  CHECK(e2e.on_follow_up(2, masters(3 * kNanosPerSecond), 0)->offset_ns == kAhead);
}

TEST_CASE("a Follow_Up that overtakes its Sync still completes the measurement") {
  E2eMeasurement e2e(ours);
  e2e.on_sync(1, kNanosPerSecond + kPath, 0, std::nullopt);
  e2e.on_follow_up(1, masters(kNanosPerSecond), 0);
  e2e.on_delay_req_sent(1, 2 * kNanosPerSecond);
  e2e.on_delay_resp(1, masters(2 * kNanosPerSecond + kPath), 0);
  CHECK_FALSE(e2e.on_follow_up(2, masters(3 * kNanosPerSecond), 0).has_value());
  const auto sample = e2e.on_sync(2, 3 * kNanosPerSecond + kPath, 0, std::nullopt);
  REQUIRE(sample.has_value());
  CHECK(sample->offset_ns == kAhead);
}

TEST_CASE("a one-step Sync carries its own origin timestamp") {
  E2eMeasurement e2e(ours);
  e2e.on_sync(1, kNanosPerSecond + kPath, 0, masters(kNanosPerSecond));
  e2e.on_delay_req_sent(1, 2 * kNanosPerSecond);
  e2e.on_delay_resp(1, masters(2 * kNanosPerSecond + kPath), 0);
  const auto sample = e2e.on_sync(2, 3 * kNanosPerSecond + kPath, 0, masters(3 * kNanosPerSecond));
  REQUIRE(sample.has_value());
  CHECK(sample->offset_ns == kAhead);
}

TEST_CASE("the path delay is the median of recent measurements: one queued packet does not move it") {
  DelayFilter filter;
  for (Nanoseconds d : {2'500, 2'400, 2'600, 90'000, 2'500}) filter.add(d);
  CHECK(filter.median() == 2'500);
}

TEST_CASE("an isolated offset far beyond the recent ones is kept from the servo; a run of them is not") {
  OutlierFilter filter;
  for (int i = 0; i < 16; ++i) CHECK(filter.accept(i % 2 == 0 ? 200 : -300));
  CHECK_FALSE(filter.accept(20'000));
  CHECK(filter.accept(250));
  CHECK_FALSE(filter.accept(-9'000));
  CHECK_FALSE(filter.accept(-9'000));
  CHECK_FALSE(filter.accept(-9'000));
  CHECK(filter.accept(-9'000));  // the fourth in a row: the master really moved
  CHECK(filter.rejected() == 4);
  CHECK(filter.accept(900));  // within the 1 us floor
}
