// Loss accounting of one flow (an input, or one leg of it): each packet's sequence number is unwrapped
// around the flow's newest and becomes the newest, so a step back resynchronises (a restarted sender, a
// looped replay) instead of counting every later packet as old.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::engine {

class SequenceFollower {
 public:
  // The step from the previous packet to this one: 1 in order (and for the first packet), more after a
  // gap, 0 or less for a repeat or a step back. `sequence_bits` as st2110::unwrap_sequence takes it.
  std::int64_t follow(std::uint32_t sequence, unsigned sequence_bits) {
    if (!started_) {
      started_ = true;
      newest_ = st2110::kSequenceCountOrigin + sequence;
      return 1;
    }
    const std::uint64_t count = st2110::unwrap_sequence(sequence, sequence_bits, newest_);
    const auto step = static_cast<std::int64_t>(count - newest_);
    newest_ = count;
    return step;
  }
  void reset() { started_ = false; }

 private:
  bool started_ = false;
  std::uint64_t newest_ = 0;
};

}  // namespace crosspoint::engine
