#include "playout_buffer.hpp"

#include "crosspoint/engine/limits.hpp"

namespace crosspoint::engine {

void PlayoutCounters::reset() {
  depth.reset();
  depth_max.reset();
  late_filled.reset();
  released_after_timeout.reset();
  lost.reset();
  gaps.reset();
  wait_max_cycles.reset();
}

PlayoutBuffer::PlayoutBuffer(std::uint32_t capacity, unsigned sequence_bits)
    : slots_(capacity), waiting_(capacity), mask_(capacity - 1), sequence_bits_(sequence_bits) {}

std::uint32_t PlayoutBuffer::capacity_for(std::uint64_t window_packets) {
  // Twice the window (ahead and behind the next to leave), plus a burst either way for a loop turn's arrivals.
  const std::uint64_t wanted = 2 * (window_packets + kMaxBurst);
  return static_cast<std::uint32_t>(std::bit_ceil(std::max<std::uint64_t>(wanted, 64)));
}

std::uint64_t PlayoutBuffer::begin(std::uint32_t sequence) {
  // Counts agree with sequence numbers in their low 32 bits (st2110::unwrap_sequence); a new flow starts
  // a whole 2^32 above the last count, so no slot still names one of its counts.
  const std::uint64_t origin = std::max(st2110::kSequenceCountOrigin, ((highest_ >> 32) + 2) << 32);
  started_ = true;
  next_ = origin + sequence;
  highest_ = next_;
  return next_;
}

void PlayoutBuffer::push_waiting(std::uint64_t count) {
  // Full only when the flow outruns the rate the buffer was sized for: the oldest wait is forgotten
  // (release_due then lets everything go rather than hold a packet without a deadline).
  if (waiting_tail_ - waiting_head_ == waiting_.size()) ++waiting_head_;
  waiting_[waiting_tail_++ & mask_] = count;
}

void PlayoutBuffer::restart(std::uint64_t wait_cycles) {
  wait_cycles_ = wait_cycles;
  started_ = false;
  too_old_in_a_row_ = 0;
  waiting_head_ = waiting_tail_;
  next_ = highest_ + 1;
  counters_.reset();
}

}  // namespace crosspoint::engine
