// The crosspoint of one output: which input it forwards and how an armed switch lands. Video and ancillary
// switch on frame boundaries: the output finishes the old input's frame (up to its marker packet), then
// starts with the first packet of the new input's next frame, so no output frame is torn or mixed. Audio
// switches between any two packets. Pure logic, driven by the worker one packet at a time.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "input_slot.hpp"

namespace crosspoint::engine {

struct PendingSwitch {
  bool active = false;
  InputSlot target = kNoInput;     // kNoInput: disconnect
  Nanoseconds deadline_local_ns = 0;  // CLOCK_MONOTONIC_RAW; 0: at once
  std::uint64_t request = 0;
};

// What the data path knows of a packet when it routes it.
struct PacketMarks {
  bool marker = false;       // the last packet of a frame (or field)
  bool frame_start = false;  // the first packet of a frame: the input's previous packet had the marker
};

struct RouteDecision {
  bool forward = false;
  bool landed = false;  // the pending switch completed with this packet (forwarded or not)
};

class RouteSwitch {
 public:
  explicit RouteSwitch(st2110::MediaType media = st2110::MediaType::kVideo) : media_(media) {}

  void arm(const PendingSwitch& pending) { pending_ = pending; pending_.active = true; }
  // Withdraws armed request `request` unless its cut has begun (the output already left its old input);
  // true when withdrawn.
  bool withdraw(std::uint64_t request) {
    if (!pending_.active || pending_.request != request || awaiting_) return false;
    pending_.active = false;
    return true;
  }
  // The current input vanished (removed): stop at once.
  void disconnect() {
    current_ = kNoInput;
    mid_frame_ = false;
  }

  // Called for every packet of the inputs the output listens to: inline, branch-light.
  RouteDecision decide(InputSlot from, PacketMarks marks, Nanoseconds now) {
    RouteDecision decision;
    if (pending_.active && now >= pending_.deadline_local_ns) decision.landed = advance_switch(from, marks);
    decision.forward = from == current_ && current_ != kNoInput;
    if (decision.forward) mid_frame_ = media_ != st2110::MediaType::kAudio && !marks.marker;
    return decision;
  }

  [[nodiscard]] InputSlot current() const { return current_; }
  [[nodiscard]] const PendingSwitch& pending() const { return pending_; }
  [[nodiscard]] bool awaiting_frame_start() const { return awaiting_; }
  // The input the output cares about: current, and the pending target.
  [[nodiscard]] bool listens_to(InputSlot input) const {
    return input == current_ || (pending_.active && input == pending_.target);
  }

 private:
  void land(InputSlot input);
  // The armed switch is due: cut and land where the media allows; true when it landed.
  bool advance_switch(InputSlot from, PacketMarks marks);

  st2110::MediaType media_;
  InputSlot current_ = kNoInput;
  PendingSwitch pending_;
  bool mid_frame_ = false;  // the last packet sent lacked the marker: the output is inside a frame
  bool awaiting_ = false;   // the old input's frame ended; waiting for the new input's frame start
};

}  // namespace crosspoint::engine
