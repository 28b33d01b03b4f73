#include "bmc.hpp"

#include <tuple>

namespace crosspoint::ptp {
namespace {

// Figure 28: the same grandmaster seen along two paths; decide by topology.
Comparison compare_topology(const ComparisonDataSet& a, const ComparisonDataSet& b) {
  const unsigned steps_a = a.steps_removed;
  const unsigned steps_b = b.steps_removed;
  if (steps_a > steps_b + 1) return Comparison::kBBetter;
  if (steps_a + 1 < steps_b) return Comparison::kABetter;
  if (steps_a > steps_b) {
    // A came one step further: if A's sender is ourselves, the path through us is worse.
    if (a.receiver < a.sender) return Comparison::kBBetter;
    if (a.receiver > a.sender) return Comparison::kBBetterByTopology;
    return Comparison::kErrorSameReceiverAndSender;
  }
  if (steps_a < steps_b) {
    if (b.receiver < b.sender) return Comparison::kABetter;
    if (b.receiver > b.sender) return Comparison::kABetterByTopology;
    return Comparison::kErrorSameReceiverAndSender;
  }
  if (a.sender < b.sender) return Comparison::kABetterByTopology;
  if (a.sender > b.sender) return Comparison::kBBetterByTopology;
  if (a.receiver.port < b.receiver.port) return Comparison::kABetterByTopology;
  if (a.receiver.port > b.receiver.port) return Comparison::kBBetterByTopology;
  return Comparison::kErrorDuplicate;
}

}  // namespace

ComparisonDataSet ComparisonDataSet::local(std::uint8_t priority1, const ClockIdentity& identity,
                                           const ClockQuality& quality, std::uint8_t priority2) {
  const PortIdentity self{identity, 0};
  return ComparisonDataSet{priority1, identity, quality, priority2, 0, self, self};
}

std::string_view to_string(Comparison comparison) {
  switch (comparison) {
    case Comparison::kABetter: return "A better";
    case Comparison::kABetterByTopology: return "A better by topology";
    case Comparison::kBBetter: return "B better";
    case Comparison::kBBetterByTopology: return "B better by topology";
    case Comparison::kErrorSameReceiverAndSender: return "error-1";
    case Comparison::kErrorDuplicate: return "error-2";
  }
  return "unknown";
}

Comparison compare(const ComparisonDataSet& a, const ComparisonDataSet& b) {
  if (a.grandmaster_identity == b.grandmaster_identity) return compare_topology(a, b);
  // Figure 27: lower wins, field by field, the grandmaster identity breaking the tie.
  const auto key = [](const ComparisonDataSet& d) {
    return std::make_tuple(d.grandmaster_priority1, d.grandmaster_quality.clock_class,
                           d.grandmaster_quality.clock_accuracy, d.grandmaster_quality.offset_scaled_log_variance,
                           d.grandmaster_priority2, d.grandmaster_identity);
  };
  return key(a) < key(b) ? Comparison::kABetter : Comparison::kBBetter;
}

bool is_better(const ComparisonDataSet& a, const ComparisonDataSet& b) {
  const Comparison c = compare(a, b);
  return c == Comparison::kABetter || c == Comparison::kABetterByTopology;
}

std::string_view to_string(StateDecision decision) {
  switch (decision) {
    case StateDecision::kM1: return "M1";
    case StateDecision::kM2: return "M2";
    case StateDecision::kP1: return "P1";
    case StateDecision::kS1: return "S1";
    case StateDecision::kListening: return "LISTENING";
  }
  return "unknown";
}

PortState recommended_state(StateDecision decision) {
  switch (decision) {
    case StateDecision::kM1:
    case StateDecision::kM2: return PortState::kMaster;
    case StateDecision::kP1: return PortState::kPassive;
    case StateDecision::kS1: return PortState::kSlave;
    case StateDecision::kListening: return PortState::kListening;
  }
  return PortState::kListening;
}

StateDecision decide_state(const ComparisonDataSet& local, const std::optional<ComparisonDataSet>& best,
                           PortState current, bool slave_only) {
  if (!best) {
    // Nothing to follow: keep listening until the announce receipt timeout says we are alone.
    if (current == PortState::kListening || slave_only) return StateDecision::kListening;
    return local.grandmaster_quality.clock_class < 128 ? StateDecision::kM1 : StateDecision::kM2;
  }
  if (slave_only) return StateDecision::kS1;
  if (local.grandmaster_quality.clock_class < 128) {
    return is_better(local, *best) ? StateDecision::kM1 : StateDecision::kP1;
  }
  return is_better(local, *best) ? StateDecision::kM2 : StateDecision::kS1;
}

}  // namespace crosspoint::ptp
