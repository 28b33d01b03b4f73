#include <catch2/catch.hpp>

#include "route_switch.hpp"

using namespace crosspoint::engine;
using crosspoint::st2110::MediaType;

namespace {
constexpr InputSlot kA = 1;
constexpr InputSlot kB = 2;
constexpr InputSlot kC = 3;
PacketMarks middle() { return PacketMarks{false, false}; }
PacketMarks start() { return PacketMarks{false, true}; }
PacketMarks last() { return PacketMarks{true, false}; }
PendingSwitch to(InputSlot input, std::uint64_t request, crosspoint::Nanoseconds at = 0) {
  return PendingSwitch{input == kNoInput ? InputHandle{} : InputHandle{input, 7}, at, request};
}
}  // namespace

TEST_CASE("a video switch finishes the old frame and starts at the new input's next frame") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1)));
  CHECK(!route.decide(kA, middle(), 0).forward);  // mid-frame: wait for a frame start
  auto landed = route.decide(kA, start(), 0);
  CHECK(landed.forward);
  CHECK(landed.landed);
  CHECK(route.settled().landed == 1);
  CHECK(route.current() == kA);
  CHECK(!route.armed());

  REQUIRE(route.arm(to(kB, 2)));
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
  REQUIRE(route.arm(to(kA, 1, 1000)));
  CHECK(!route.decide(kA, start(), 999).forward);
  CHECK(route.decide(kA, start(), 1000).landed);
}

TEST_CASE("audio switches at the next packet and a disconnect stops the output") {
  RouteSwitch route(MediaType::kAudio);
  REQUIRE(route.arm(to(kA, 1)));
  CHECK(route.decide(kA, middle(), 0).forward);
  REQUIRE(route.arm(to(kB, 2)));
  const auto d = route.decide(kA, middle(), 0);
  CHECK(d.landed);
  CHECK(!d.forward);
  CHECK(route.decide(kB, middle(), 0).forward);
  REQUIRE(route.arm(to(kNoInput, 3)));
  CHECK(route.decide(kB, middle(), 0).landed);
  CHECK(route.current() == kNoInput);
}

TEST_CASE("a video disconnect waits for the end of the frame") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1)));
  route.decide(kA, start(), 0);
  REQUIRE(route.arm(to(kNoInput, 2)));
  CHECK(route.decide(kA, last(), 0).forward);
  const auto d = route.decide(kA, start(), 0);
  CHECK(d.landed);
  CHECK(!d.forward);
}

TEST_CASE("a start-up route still waiting for its input's first frame and a scheduled switch armed after it both land, in turn") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1, 10)));     // the start-up route, as soon as possible
  REQUIRE(route.arm(to(kB, 2, 5000)));   // a controller's scheduled activation
  CHECK(!route.decide(kA, middle(), 20).forward);  // kA has not started a frame yet
  auto d = route.decide(kA, start(), 30);
  CHECK(d.landed);
  CHECK(d.forward);  // not silent until the scheduled time
  CHECK(route.settled().landed == 1);
  CHECK(route.settled().superseded_count == 0);
  REQUIRE(route.queued().size() == 1);
  CHECK(route.queued()[0].request == 2);
  CHECK(route.decide(kA, last(), 4000).forward);
  CHECK(route.decide(kA, start(), 4999).forward);  // before its time, kA goes on
  CHECK(route.decide(kA, last(), 5000).forward);   // due mid-frame: the frame ends first
  d = route.decide(kB, start(), 5001);
  CHECK(d.landed);
  CHECK(d.forward);
  CHECK(route.settled().landed == 2);
  CHECK(route.current() == kB);
  CHECK(!route.armed());
}

TEST_CASE("switches land in the order of their times, not the order they were armed") {
  RouteSwitch route(MediaType::kAudio);
  REQUIRE(route.arm(to(kB, 1, 2000)));
  REQUIRE(route.arm(to(kA, 2, 1000)));
  CHECK(!route.decide(kA, middle(), 999).forward);
  CHECK(route.decide(kA, middle(), 1000).forward);
  CHECK(route.settled().landed == 2);
  CHECK(!route.decide(kB, middle(), 1999).forward);
  CHECK(route.decide(kB, middle(), 2000).forward);
  CHECK(route.settled().landed == 1);
}

TEST_CASE("switches due together land as the last one, the others recorded as superseded") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1, 10)));  // never found a frame start of kA
  REQUIRE(route.arm(to(kB, 2, 20)));
  REQUIRE(route.arm(to(kC, 3, 90)));  // not due yet
  CHECK(!route.decide(kB, middle(), 30).forward);
  CHECK(!route.decide(kA, start(), 30).forward);  // kA is passed over: kB is the due target
  const auto d = route.decide(kB, start(), 40);
  CHECK(d.landed);
  CHECK(route.current() == kB);
  CHECK(route.settled().landed == 2);
  REQUIRE(route.settled().superseded_count == 1);
  CHECK(route.settled().superseded[0] == 1);
  REQUIRE(route.queued().size() == 1);
  CHECK(route.queued()[0].request == 3);
}

TEST_CASE("a withdrawal takes out exactly its own request, never one whose cut has begun") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1)));
  route.decide(kA, start(), 0);
  REQUIRE(route.arm(to(kB, 2, 100)));
  REQUIRE(route.arm(to(kC, 3, 200)));
  CHECK(!route.withdraw(9));
  CHECK(route.withdraw(2));
  REQUIRE(route.queued().size() == 1);
  CHECK(route.queued()[0].request == 3);
  CHECK(route.decide(kA, last(), 250).forward);
  CHECK(!route.decide(kC, middle(), 260).forward);  // cut made, kC's frame start awaited
  CHECK(route.awaiting_frame_start());
  CHECK(!route.withdraw(3));
  CHECK(route.decide(kC, start(), 270).landed);
}

TEST_CASE("an output holds kSwitchQueueDepth armed switches and refuses more; a retargeted one lands on its new input") {
  RouteSwitch route(MediaType::kAudio);
  for (std::uint64_t r = 1; r <= kSwitchQueueDepth; ++r) REQUIRE(route.arm(to(kA, r, 100 * r)));
  CHECK(!route.arm(to(kB, 99, 50)));
  route.retarget(1, InputHandle{kB, 8});
  CHECK(route.listens_to(kB));
  CHECK(route.decide(kB, middle(), 100).forward);
  CHECK(route.current() == kB);
}

TEST_CASE("a switch away from an input that fell silent mid-frame cuts once it has been silent long enough") {
  RouteSwitch route(MediaType::kVideo);
  REQUIRE(route.arm(to(kA, 1)));
  route.decide(kA, start(), 1000);
  REQUIRE(route.arm(to(kB, 2)));
  CHECK(route.decide(kA, middle(), 2000).forward);  // the old frame goes on, then kA stops inside it
  CHECK(!route.decide(kB, start(), 3000).forward);
  CHECK(!route.decide(kB, start(), 2000 + kSilentInputNs - 1).forward);  // a pause: the frame may still end
  const auto landed = route.decide(kB, start(), 2000 + kSilentInputNs);
  CHECK(landed.landed);
  CHECK(landed.forward);
  CHECK(route.current() == kB);
}
