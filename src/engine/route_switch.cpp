#include "route_switch.hpp"

namespace crosspoint::engine {

void RouteSwitch::land(InputSlot input) {
  current_ = input;
  pending_.active = false;
  awaiting_ = false;
}

bool RouteSwitch::advance_switch(InputSlot from, PacketMarks marks) {
  if (media_ == st2110::MediaType::kAudio) {
    land(pending_.target);
    return true;
  }
  if (!awaiting_ && !mid_frame_) {
    // The output stands between frames: cut here.
    if (pending_.target == kNoInput) {
      land(kNoInput);
      return true;
    }
    current_ = kNoInput;
    awaiting_ = true;
  }
  if (awaiting_ && from == pending_.target && marks.frame_start) {
    land(from);
    return true;
  }
  return false;
}

}  // namespace crosspoint::engine
