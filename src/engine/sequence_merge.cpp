#include "sequence_merge.hpp"

#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::engine {

void SequenceMerge::reset() {
  started_ = false;
  highest_ = 0;
  too_old_in_a_row_ = 0;
  seen_.fill(0);
}

void SequenceMerge::clear_above_highest(std::uint64_t count) {
  if (count >= kMaxWindow) {
    seen_.fill(0);
    return;
  }
  for (std::uint64_t s = highest_ + 1; s <= highest_ + count; ++s) {
    seen_[(s / 64) % kWords] &= ~(std::uint64_t{1} << (s % 64));
  }
}

MergeOutcome SequenceMerge::accept(std::uint32_t sequence, unsigned sequence_bits, std::uint32_t window) {
  if (!started_) {
    started_ = true;
    seen_.fill(0);
    highest_ = st2110::kSequenceCountOrigin + sequence;
    mark(highest_);
    return {MergeVerdict::kAdvance, 0};
  }
  const std::uint64_t s = st2110::unwrap_sequence(sequence, sequence_bits, highest_);
  if (s > highest_) {
    const std::uint64_t step = s - highest_;
    clear_above_highest(step);
    highest_ = s;
    mark(s);
    too_old_in_a_row_ = 0;
    return {MergeVerdict::kAdvance, step - 1};
  }
  if (highest_ - s >= window) {
    if (++too_old_in_a_row_ < kRestartAfterTooOld) return {MergeVerdict::kTooOld, 0};
    started_ = true;
    seen_.fill(0);
    highest_ = st2110::kSequenceCountOrigin + sequence;
    mark(highest_);
    too_old_in_a_row_ = 0;
    return {MergeVerdict::kRestart, 0};
  }
  too_old_in_a_row_ = 0;
  if (seen(s)) return {MergeVerdict::kDuplicate, 0};
  mark(s);
  return {MergeVerdict::kLateFill, 0};
}

}  // namespace crosspoint::engine
