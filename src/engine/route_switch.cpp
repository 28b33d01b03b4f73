#include "route_switch.hpp"

#include <algorithm>

namespace crosspoint::engine {

bool RouteSwitch::arm(const PendingSwitch& pending) {
  if (count_ == queue_.size()) return false;
  if (count_ == 0) old_input_heard_ns_ = 0;  // silence is timed anew for each wait
  const auto end = queue_.begin() + count_;
  const auto at = std::upper_bound(queue_.begin(), end, pending, [](const PendingSwitch& a, const PendingSwitch& b) {
    return lands_before(a.deadline_local_ns, a.request, b.deadline_local_ns, b.request);
  });
  std::move_backward(at, end, end + 1);
  *at = pending;
  ++count_;
  next_deadline_ = queue_[0].deadline_local_ns;
  return true;
}

bool RouteSwitch::withdraw(std::uint64_t request) {
  if (awaiting_ && awaited_request_ == request) return false;
  const auto end = queue_.begin() + count_;
  const auto it = std::find_if(queue_.begin(), end, [&](const PendingSwitch& p) { return p.request == request; });
  if (it == end) return false;
  std::move(it + 1, end, it);
  --count_;
  next_deadline_ = count_ != 0 ? queue_[0].deadline_local_ns : kNever;
  return true;
}

void RouteSwitch::retarget(std::uint64_t request, InputHandle target) {
  for (std::uint8_t i = 0; i < count_; ++i) {
    if (queue_[i].request == request) queue_[i].target = target;
  }
}

bool RouteSwitch::listens_to(InputSlot input) const {
  if (input == current_) return true;
  for (std::uint8_t i = 0; i < count_; ++i) {
    if (queue_[i].target.slot() == input) return true;
  }
  return false;
}

void RouteSwitch::land(std::uint8_t due) {
  const PendingSwitch& landing = queue_[due - 1];
  settled_.landed = landing.request;
  settled_.superseded_count = static_cast<std::uint8_t>(due - 1);
  for (std::uint8_t i = 0; i + 1 < due; ++i) settled_.superseded[i] = queue_[i].request;
  current_ = landing.target.slot();
  std::move(queue_.begin() + due, queue_.begin() + count_, queue_.begin());
  count_ = static_cast<std::uint8_t>(count_ - due);
  next_deadline_ = count_ != 0 ? queue_[0].deadline_local_ns : kNever;
  awaiting_ = false;
}

bool RouteSwitch::advance_switch(InputSlot from, PacketMarks marks, Nanoseconds now) {
  std::uint8_t due = 1;
  while (due < count_ && queue_[due].deadline_local_ns <= now) ++due;
  const PendingSwitch& target = queue_[due - 1];
  if (media_ == st2110::MediaType::kAudio) {
    land(due);
    return true;
  }
  if (!awaiting_) {
    if (mid_frame_) {
      if (from == current_ || old_input_heard_ns_ == 0) old_input_heard_ns_ = now;
      if (from == current_ || now - old_input_heard_ns_ < kSilentInputNs) return false;
    }
    old_input_heard_ns_ = 0;
    // The output stands between frames: cut here.
    current_ = kNoInput;
    awaiting_ = true;
  }
  awaited_request_ = target.request;
  if (!target.target.connected() || (from == target.target.slot() && marks.frame_start)) {
    land(due);
    return true;
  }
  return false;
}

}  // namespace crosspoint::engine
