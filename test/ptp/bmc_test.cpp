#include <catch2/catch.hpp>

#include "bmc.hpp"

using namespace crosspoint::ptp;

namespace {

ClockIdentity id(std::uint8_t last) { return ClockIdentity{{0, 0, 0, 0xff, 0xfe, 0, 0, last}}; }

ComparisonDataSet announced_by(std::uint8_t gm) {
  ComparisonDataSet d;
  d.grandmaster_priority1 = 128;
  d.grandmaster_identity = id(gm);
  d.grandmaster_quality = ClockQuality{248, 0xFE, 0xFFFF};
  d.grandmaster_priority2 = 128;
  d.steps_removed = 0;
  d.sender = PortIdentity{id(gm), 1};
  d.receiver = PortIdentity{id(100), 1};
  return d;
}

}  // namespace

TEST_CASE("different grandmasters: each attribute of figure 27 decides in turn, lower wins") {
  ComparisonDataSet a = announced_by(1);
  ComparisonDataSet b = announced_by(2);

  SECTION("priority1 first, even against a better class") {
    a.grandmaster_priority1 = 127;
    b.grandmaster_quality.clock_class = 6;
    CHECK(compare(a, b) == Comparison::kABetter);
    CHECK(compare(b, a) == Comparison::kBBetter);
  }
  SECTION("then clockClass") {
    b.grandmaster_quality.clock_class = 6;
    a.grandmaster_quality.clock_accuracy = 0x20;
    CHECK(compare(a, b) == Comparison::kBBetter);
    CHECK(compare(b, a) == Comparison::kABetter);
  }
  SECTION("then clockAccuracy") {
    a.grandmaster_quality.clock_accuracy = 0x21;
    b.grandmaster_quality.offset_scaled_log_variance = 0x100;
    CHECK(compare(a, b) == Comparison::kABetter);
  }
  SECTION("then offsetScaledLogVariance") {
    b.grandmaster_quality.offset_scaled_log_variance = 0x4E5D;
    a.grandmaster_priority2 = 1;
    CHECK(compare(a, b) == Comparison::kBBetter);
  }
  SECTION("then priority2") {
    b.grandmaster_priority2 = 127;
    CHECK(compare(a, b) == Comparison::kBBetter);
  }
  SECTION("and the grandmaster identity breaks the tie") {
    CHECK(compare(a, b) == Comparison::kABetter);
    CHECK(compare(b, a) == Comparison::kBBetter);
  }
  SECTION("steps removed do not matter between different grandmasters") {
    a.steps_removed = 10;
    CHECK(compare(a, b) == Comparison::kABetter);
  }
}

TEST_CASE("the same grandmaster: figure 28 decides by steps removed and topology") {
  ComparisonDataSet a = announced_by(1);
  ComparisonDataSet b = announced_by(1);

  SECTION("A more than one step further: B better") {
    a.steps_removed = 3;
    b.steps_removed = 1;
    CHECK(compare(a, b) == Comparison::kBBetter);
  }
  SECTION("B more than one step further: A better") {
    a.steps_removed = 1;
    b.steps_removed = 3;
    CHECK(compare(a, b) == Comparison::kABetter);
  }
  SECTION("A one step further, receiver below sender: B better") {
    a.steps_removed = 2;
    b.steps_removed = 1;
    a.sender = PortIdentity{id(200), 1};
    a.receiver = PortIdentity{id(100), 1};
    CHECK(compare(a, b) == Comparison::kBBetter);
  }
  SECTION("A one step further, receiver above sender: B better by topology") {
    a.steps_removed = 2;
    b.steps_removed = 1;
    a.sender = PortIdentity{id(50), 1};
    a.receiver = PortIdentity{id(100), 1};
    CHECK(compare(a, b) == Comparison::kBBetterByTopology);
  }
  SECTION("A one step further and sent by its own receiver: error-1") {
    a.steps_removed = 2;
    b.steps_removed = 1;
    a.sender = a.receiver;
    CHECK(compare(a, b) == Comparison::kErrorSameReceiverAndSender);
  }
  SECTION("B one step further, receiver below sender: A better") {
    a.steps_removed = 1;
    b.steps_removed = 2;
    b.sender = PortIdentity{id(200), 1};
    b.receiver = PortIdentity{id(100), 1};
    CHECK(compare(a, b) == Comparison::kABetter);
  }
  SECTION("B one step further, receiver above sender: A better by topology") {
    a.steps_removed = 1;
    b.steps_removed = 2;
    b.sender = PortIdentity{id(50), 1};
    b.receiver = PortIdentity{id(100), 1};
    CHECK(compare(a, b) == Comparison::kABetterByTopology);
  }
  SECTION("B one step further and sent by its own receiver: error-1") {
    a.steps_removed = 1;
    b.steps_removed = 2;
    b.sender = b.receiver;
    CHECK(compare(a, b) == Comparison::kErrorSameReceiverAndSender);
  }
  SECTION("equal steps: the lower sender identity is better by topology") {
    a.sender = PortIdentity{id(10), 1};
    b.sender = PortIdentity{id(11), 1};
    CHECK(compare(a, b) == Comparison::kABetterByTopology);
    CHECK(compare(b, a) == Comparison::kBBetterByTopology);
  }
  SECTION("equal steps, same clock identity: the sender's port number decides") {
    a.sender = PortIdentity{id(10), 2};
    b.sender = PortIdentity{id(10), 1};
    CHECK(compare(a, b) == Comparison::kBBetterByTopology);
  }
  SECTION("equal senders: the receiving port number decides") {
    a.receiver.port = 1;
    b.receiver.port = 2;
    CHECK(compare(a, b) == Comparison::kABetterByTopology);
    CHECK(compare(b, a) == Comparison::kBBetterByTopology);
  }
  SECTION("the same message twice: error-2") {
    CHECK(compare(a, b) == Comparison::kErrorDuplicate);
  }
}

TEST_CASE("the state decision of an ordinary clock follows figure 26") {
  const ComparisonDataSet local = ComparisonDataSet::local(128, id(100), ClockQuality{248, 0xFE, 0xFFFF}, 128);
  ComparisonDataSet better = announced_by(1);
  better.grandmaster_priority1 = 100;
  ComparisonDataSet worse = announced_by(2);
  worse.grandmaster_priority1 = 200;

  SECTION("no foreign master while listening: keep listening") {
    CHECK(decide_state(local, std::nullopt, PortState::kListening, false) == StateDecision::kListening);
  }
  SECTION("no foreign master after listening: grandmaster (M2 for class 248)") {
    CHECK(decide_state(local, std::nullopt, PortState::kMaster, false) == StateDecision::kM2);
    CHECK(recommended_state(StateDecision::kM2) == PortState::kMaster);
  }
  SECTION("class 128..255 and a better master: slave (S1)") {
    CHECK(decide_state(local, better, PortState::kMaster, false) == StateDecision::kS1);
    CHECK(recommended_state(StateDecision::kS1) == PortState::kSlave);
  }
  SECTION("class 128..255 and better than every foreign master: M2") {
    CHECK(decide_state(local, worse, PortState::kListening, false) == StateDecision::kM2);
  }
  SECTION("class 1..127: M1 when best, passive (P1) otherwise") {
    const auto primary = ComparisonDataSet::local(128, id(100), ClockQuality{6, 0x21, 0x4E5D}, 128);
    CHECK(decide_state(primary, worse, PortState::kListening, false) == StateDecision::kM1);
    CHECK(decide_state(primary, std::nullopt, PortState::kMaster, false) == StateDecision::kM1);
    better.grandmaster_quality.clock_class = 6;
    CHECK(decide_state(primary, better, PortState::kMaster, false) == StateDecision::kP1);
    CHECK(recommended_state(StateDecision::kP1) == PortState::kPassive);
  }
  SECTION("a slave-only clock follows any master and never becomes one") {
    const auto slave = ComparisonDataSet::local(128, id(100), ClockQuality{255, 0xFE, 0xFFFF}, 128);
    CHECK(decide_state(slave, worse, PortState::kListening, true) == StateDecision::kS1);
    CHECK(decide_state(slave, std::nullopt, PortState::kSlave, true) == StateDecision::kListening);
  }
}
