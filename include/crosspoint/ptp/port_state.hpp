// Port states of IEEE 1588-2008 9.2.5.
#pragma once

#include <cstdint>
#include <string_view>

namespace crosspoint::ptp {

enum class PortState : std::uint8_t {
  kInitializing = 1,
  kFaulty = 2,
  kDisabled = 3,
  kListening = 4,
  kPreMaster = 5,
  kMaster = 6,
  kPassive = 7,
  kUncalibrated = 8,
  kSlave = 9,
};

// "MASTER", "SLAVE", ... as ptp4l and pmc print them.
[[nodiscard]] std::string_view to_string(PortState state);

}  // namespace crosspoint::ptp
