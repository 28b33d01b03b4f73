#include "route_switch.hpp"

namespace crosspoint::engine {

void RouteSwitch::land(InputSlot input) {
  current_ = input;
  pending_.active = false;
  awaiting_ = false;
}

RouteDecision RouteSwitch::decide(InputSlot from, PacketMarks marks, Nanoseconds now) {
  RouteDecision decision;
  if (pending_.active && now >= pending_.deadline_local_ns) {
    if (media_ == st2110::MediaType::kAudio) {
      land(pending_.target);
      decision.landed = true;
    } else if (!awaiting_ && !mid_frame_) {
      // The output stands between frames: cut here.
      if (pending_.target == kNoInput) {
        land(kNoInput);
        decision.landed = true;
      } else {
        current_ = kNoInput;
        awaiting_ = true;
      }
    }
    if (awaiting_ && from == pending_.target && marks.frame_start) {
      land(from);
      decision.landed = true;
    }
  }
  decision.forward = from == current_ && current_ != kNoInput;
  if (decision.forward) mid_frame_ = media_ != st2110::MediaType::kAudio && !marks.marker;
  return decision;
}

}  // namespace crosspoint::engine
