// The best master clock algorithm of IEEE 1588-2008 9.3: the data set comparison (9.3.4, figures 27 and 28)
// and the state decision for an ordinary clock (9.3.3, figure 26). Pure functions: the clock feeds them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "crosspoint/ptp/identity.hpp"
#include "crosspoint/ptp/port_state.hpp"

namespace crosspoint::ptp {

// What the comparison reads of an Announce (or of D0, the local clock): 9.3.4 table 12.
struct ComparisonDataSet {
  std::uint8_t grandmaster_priority1 = 128;
  ClockIdentity grandmaster_identity;
  ClockQuality grandmaster_quality;
  std::uint8_t grandmaster_priority2 = 128;
  std::uint16_t steps_removed = 0;
  PortIdentity sender;    // sourcePortIdentity of the Announce
  PortIdentity receiver;  // the port that received it

  // D0: the local clock as a candidate (stepsRemoved 0, sender and receiver our own identity, port 0).
  static ComparisonDataSet local(std::uint8_t priority1, const ClockIdentity& identity, const ClockQuality& quality,
                                 std::uint8_t priority2);
};

enum class Comparison : std::uint8_t {
  kABetter,
  kABetterByTopology,
  kBBetter,
  kBBetterByTopology,
  kErrorSameReceiverAndSender,  // error-1: a message from ourselves
  kErrorDuplicate,              // error-2: the same message twice
};
[[nodiscard]] std::string_view to_string(Comparison comparison);

[[nodiscard]] Comparison compare(const ComparisonDataSet& a, const ComparisonDataSet& b);
// A better than B, with or without topology.
[[nodiscard]] bool is_better(const ComparisonDataSet& a, const ComparisonDataSet& b);

// The decision codes of figure 26, and the state each recommends.
enum class StateDecision : std::uint8_t {
  kM1,         // we are a grandmaster with class 1..127 and better than any foreign master
  kM2,         // we are a grandmaster with class 128..255 and better than any foreign master
  kP1,         // class 1..127 but a foreign master is better: passive
  kS1,         // a foreign master is better: slave to it
  kListening,  // no foreign master yet and we were listening (or we are slave-only and have none)
};
[[nodiscard]] std::string_view to_string(StateDecision decision);
[[nodiscard]] PortState recommended_state(StateDecision decision);

// 9.3.3 for an ordinary clock's single port: `best` is Erbest (= Ebest), the best qualified foreign master.
[[nodiscard]] StateDecision decide_state(const ComparisonDataSet& local, const std::optional<ComparisonDataSet>& best,
                                         PortState current, bool slave_only);

}  // namespace crosspoint::ptp
