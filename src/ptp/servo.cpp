#include "crosspoint/ptp/servo.hpp"

namespace crosspoint::ptp {

std::string_view to_string(ServoState state) {
  switch (state) {
    case ServoState::kUnlocked: return "unlocked";
    case ServoState::kJump: return "jump";
    case ServoState::kLocked: return "locked";
  }
  return "unknown";
}

}  // namespace crosspoint::ptp
