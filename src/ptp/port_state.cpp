#include "crosspoint/ptp/port_state.hpp"

namespace crosspoint::ptp {

std::string_view to_string(PortState state) {
  switch (state) {
    case PortState::kInitializing: return "INITIALIZING";
    case PortState::kFaulty: return "FAULTY";
    case PortState::kDisabled: return "DISABLED";
    case PortState::kListening: return "LISTENING";
    case PortState::kPreMaster: return "PRE_MASTER";
    case PortState::kMaster: return "MASTER";
    case PortState::kPassive: return "PASSIVE";
    case PortState::kUncalibrated: return "UNCALIBRATED";
    case PortState::kSlave: return "SLAVE";
  }
  return "UNKNOWN";
}

}  // namespace crosspoint::ptp
