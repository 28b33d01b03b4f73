#include "sequence_tracker.hpp"

namespace crosspoint::cap {

std::uint64_t SequenceTracker::add(std::uint16_t sequence) {
  const std::uint64_t value = extended_.extend(sequence);
  if (!started_) {
    started_ = true;
    highest_ = value;
    seen_.set(value % kWindow);
    return value;
  }
  if (value > highest_) {
    if (value > highest_ + 1) {
      ++report_.gaps;
      report_.missing += value - highest_ - 1;
    }
    // Slots between the old and the new highest now stand for packets not (yet) seen.
    for (std::uint64_t s = highest_ + 1; s < value && s + kWindow > value; ++s) seen_.reset(s % kWindow);
    highest_ = value;
    seen_.set(value % kWindow);
    return value;
  }
  if (highest_ - value >= kWindow || seen_.test(value % kWindow)) {
    ++report_.duplicates;
    return value;
  }
  ++report_.reorders;
  if (report_.missing > 0) --report_.missing;
  seen_.set(value % kWindow);
  return value;
}

}  // namespace crosspoint::cap
