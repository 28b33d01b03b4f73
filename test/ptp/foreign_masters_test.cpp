#include <catch2/catch.hpp>

#include "foreign_masters.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

constexpr Nanoseconds kInterval = 250'000'000;  // logAnnounceInterval -2
const PortIdentity kReceiver{ClockIdentity{{9, 9, 9, 0xff, 0xfe, 9, 9, 9}}, 1};

Header from(std::uint8_t clock) {
  Header h;
  h.source = PortIdentity{ClockIdentity{{0, 0, 0, 0xff, 0xfe, 0, 0, clock}}, 1};
  return h;
}
Announce with_priority(std::uint8_t clock, std::uint8_t priority1) {
  Announce a;
  a.grandmaster_identity = ClockIdentity{{0, 0, 0, 0xff, 0xfe, 0, 0, clock}};
  a.grandmaster_priority1 = priority1;
  return a;
}

}  // namespace

TEST_CASE("a foreign master qualifies after two Announces within four announce intervals") {
  ForeignMasters masters(kReceiver, kInterval);
  REQUIRE(masters.observe(from(1), with_priority(1, 100), 0));
  CHECK_FALSE(masters.best(0).has_value());
  REQUIRE(masters.observe(from(1), with_priority(1, 100), kInterval));
  REQUIRE(masters.best(kInterval).has_value());
  CHECK(masters.best(kInterval)->data_set.grandmaster_priority1 == 100);
  CHECK(masters.best(kInterval)->data_set.receiver == kReceiver);

  SECTION("and loses its qualification when its Announces leave the window") {
    CHECK(masters.best(5 * kInterval + 1) == std::nullopt);
    masters.expire(5 * kInterval + 1);
    CHECK(masters.size() == 0);
  }
}

TEST_CASE("two Announces further apart than the window do not qualify") {
  ForeignMasters masters(kReceiver, kInterval);
  masters.observe(from(1), with_priority(1, 100), 0);
  masters.observe(from(1), with_priority(1, 100), 4 * kInterval + 1);
  CHECK_FALSE(masters.best(4 * kInterval + 1).has_value());
}

TEST_CASE("the best of several qualified foreign masters is chosen by the data set comparison") {
  ForeignMasters masters(kReceiver, kInterval);
  for (Nanoseconds t : {Nanoseconds{0}, kInterval}) {
    masters.observe(from(1), with_priority(1, 120), t);
    masters.observe(from(2), with_priority(2, 110), t);
  }
  masters.observe(from(3), with_priority(3, 90), kInterval);  // better, but heard only once
  REQUIRE(masters.best(kInterval).has_value());
  CHECK(masters.best(kInterval)->header.source == from(2).source);
  masters.forget(from(2).source);
  CHECK(masters.best(kInterval)->header.source == from(1).source);
}

TEST_CASE("our own Announces and those 255 steps away are never candidates") {
  ForeignMasters masters(kReceiver, kInterval);
  Header own;
  own.source = kReceiver;
  CHECK_FALSE(masters.observe(own, Announce{}, 0));
  Announce far = with_priority(1, 1);
  far.steps_removed = 255;
  CHECK_FALSE(masters.observe(from(1), far, 0));
  CHECK(masters.size() == 0);
}
