#include <catch2/catch.hpp>

#include "crosspoint/ptp/clock_config.hpp"

using namespace crosspoint::ptp;

namespace {
ClockConfig usable() {
  ClockConfig c;
  c.interface = "eth0";
  return c;
}
}  // namespace

TEST_CASE("the ST 2059-2 defaults are a valid configuration") {
  const ClockConfig c = usable();
  CHECK(c.domain == 127);
  CHECK(c.log_announce_interval == -2);
  CHECK(c.log_sync_interval == -3);
  CHECK(c.log_min_delay_req_interval == -3);
  CHECK(c.announce_receipt_timeout == 3);
  CHECK(c.priority1 == 128);
  CHECK(c.priority2 == 128);
  CHECK(validate(c).empty());
}

TEST_CASE("values outside the profile's ranges are rejected with a message naming them") {
  ClockConfig c = usable();
  SECTION("logSyncInterval") {
    c.log_sync_interval = 0;
    c.log_min_delay_req_interval = 0;
    const auto problems = validate(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "logSyncInterval 0 is outside the ST 2059-2 range -7..-1");
  }
  SECTION("domain") {
    c.domain = 128;
    REQUIRE(validate(c).size() == 1);
    CHECK(validate(c)[0].find("domainNumber 128") != std::string::npos);
  }
  SECTION("logAnnounceInterval") {
    c.log_announce_interval = 2;
    CHECK(validate(c).size() == 1);
  }
  SECTION("logMinDelayReqInterval below the sync interval") {
    c.log_min_delay_req_interval = -4;
    CHECK(validate(c).size() == 1);
  }
  SECTION("logMinDelayReqInterval more than 5 above the sync interval") {
    c.log_min_delay_req_interval = 3;
    CHECK(validate(c).size() == 1);
  }
  SECTION("announceReceiptTimeout") {
    c.announce_receipt_timeout = 1;
    CHECK(validate(c).size() == 1);
    c.announce_receipt_timeout = 11;
    CHECK(validate(c).size() == 1);
  }
  SECTION("no interface") {
    c.interface.clear();
    CHECK(validate(c).size() == 1);
  }
  SECTION("a lock threshold at or above the unlock threshold") {
    c.lock.lock_threshold_ns = 20'000;
    CHECK(validate(c).empty());
    c.lock.lock_threshold_ns = 50'000;
    REQUIRE(validate(c).size() == 1);
    CHECK(validate(c)[0] == "lock threshold 50000 ns must be above 0 and below the unlock threshold (50000 ns)");
    c.lock.lock_threshold_ns = 0;
    CHECK(validate(c).size() == 1);
  }
}
