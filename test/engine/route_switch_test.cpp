#include <catch2/catch.hpp>

#include "route_switch.hpp"

using namespace crosspoint::engine;
using crosspoint::st2110::MediaType;

namespace {
constexpr InputSlot kA = 1;
constexpr InputSlot kB = 2;
PacketMarks middle() { return PacketMarks{false, false}; }
PacketMarks start() { return PacketMarks{false, true}; }
PacketMarks last() { return PacketMarks{true, false}; }
}  // namespace

TEST_CASE("a video switch finishes the old frame and starts at the new input's next frame") {
  RouteSwitch route(MediaType::kVideo);
  route.arm(PendingSwitch{true, kA, 0, 1});
  CHECK(!route.decide(kA, middle(), 0).forward);  // mid-frame: wait for a frame start
  auto landed = route.decide(kA, start(), 0);
  CHECK(landed.forward);
  CHECK(landed.landed);
  CHECK(route.current() == kA);

  route.arm(PendingSwitch{true, kB, 0, 2});
  CHECK(route.decide(kA, middle(), 0).forward);    // the old frame goes on
  CHECK(!route.decide(kB, start(), 0).forward);    // the new input's frame would mix: not yet
  CHECK(route.decide(kA, last(), 0).forward);      // the old frame ends with its marker
  CHECK(!route.decide(kA, start(), 0).forward);    // the old input's next frame is not sent
  CHECK(!route.decide(kB, middle(), 0).forward);   // the new input is mid-frame
  landed = route.decide(kB, start(), 0);
  CHECK(landed.forward);
  CHECK(landed.landed);
  CHECK(route.current() == kB);
  CHECK(!route.decide(kA, start(), 0).forward);
}

TEST_CASE("an armed time holds the switch back until it has passed") {
  RouteSwitch route(MediaType::kVideo);
  route.arm(PendingSwitch{true, kA, 1000, 1});
  CHECK(!route.decide(kA, start(), 999).forward);
  CHECK(route.decide(kA, start(), 1000).landed);
}

TEST_CASE("audio switches at the next packet and a disconnect stops the output") {
  RouteSwitch route(MediaType::kAudio);
  route.arm(PendingSwitch{true, kA, 0, 1});
  CHECK(route.decide(kA, middle(), 0).forward);
  route.arm(PendingSwitch{true, kB, 0, 2});
  const auto d = route.decide(kA, middle(), 0);
  CHECK(d.landed);
  CHECK(!d.forward);
  CHECK(route.decide(kB, middle(), 0).forward);
  route.arm(PendingSwitch{true, kNoInput, 0, 3});
  CHECK(route.decide(kB, middle(), 0).landed);
  CHECK(route.current() == kNoInput);
}

TEST_CASE("a video disconnect waits for the end of the frame") {
  RouteSwitch route(MediaType::kVideo);
  route.arm(PendingSwitch{true, kA, 0, 1});
  route.decide(kA, start(), 0);
  route.arm(PendingSwitch{true, kNoInput, 0, 2});
  CHECK(route.decide(kA, last(), 0).forward);
  const auto d = route.decide(kA, start(), 0);
  CHECK(d.landed);
  CHECK(!d.forward);
}
