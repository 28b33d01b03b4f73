// ST 2022-7 over paths of different delay: an input's skew-equalising playout buffer. The first copy of each
// packet is taken; one that arrives ahead of a missing packet waits here, at most the input's max_skew, so
// the slower leg can fill the hole in place; packets leave in sequence order, never out of order. A packet
// whose predecessor has left leaves at once (no delay while the faster leg is whole); one that has waited
// max_skew leaves with the hole before it counted lost.
//
// A ring of slots indexed by the unwrapped sequence number holds the waiting packets and remembers which
// numbers came (so the slower leg's copies of packets gone already are told as duplicates); a FIFO of the
// waiting packets' numbers, in arrival order, says whose wait ends first. The control plane allocates it
// whole when it adds the input (nothing per packet) and lends it to the input's worker, which alone
// writes it; the control plane reads only its counters.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include <rte_mbuf.h>

#include "classify_stage.hpp"
#include "counter.hpp"
#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::engine {

enum class PlayoutVerdict : std::uint8_t {
  kTaken,      // a first copy: released at once (in order) or held until its turn
  kDuplicate,  // a copy of a packet that came already: the caller frees it
  kTooLate,    // came after its hole was given up (or before the window): the caller frees it
};

// What the buffer did, for the input's statistics (single writer: the worker).
struct PlayoutCounters {
  Counter depth;                   // packets held now
  Counter depth_max;               // the most held at once
  Counter late_filled;             // released in place after a later packet had come: holes the slower leg filled
  Counter released_after_timeout;  // packets that left because they had waited max_skew, a hole before them
  Counter lost;                    // sequence numbers given up (no leg carried them in time)
  Counter gaps;                    // holes given up
  Counter wait_max_cycles;         // the longest a packet waited (TSC cycles): the added latency

  void reset();
};

class PlayoutBuffer {
 public:
  static constexpr std::uint64_t kNothingDue = std::numeric_limits<std::uint64_t>::max();
  // Arrivals older than the window in a row that mean "the sender started again" (as SequenceMerge).
  static constexpr std::uint32_t kRestartAfterTooOld = 8;

  // Room for `capacity` sequence numbers (a power of two, at least twice the packets of the longest wait:
  // the half ahead of the next to leave holds the waiting packets, the half behind remembers what left, for
  // the slower leg's copies); `sequence_bits` as st2110::unwrap_sequence takes it. Ready after restart().
  PlayoutBuffer(std::uint32_t capacity, unsigned sequence_bits);

  // Slots a buffer needs for `window_packets` packets of wait (the packets of max_skew at the input's rate).
  static std::uint32_t capacity_for(std::uint64_t window_packets);

  // Takes a received first copy at TSC `now`: `release(m, packet)` is called for it and for every waiting
  // packet it lets go, in sequence order (perhaps none: it waits). A duplicate or a packet too late is not
  // taken: the caller frees it.
  template <typename Release>
  [[gnu::always_inline]] PlayoutVerdict accept(rte_mbuf* m, const Classified& p, std::uint64_t now, Release&& release);
  // Releases the waiting packets whose wait has ended by `now`, and those behind them in order; the holes
  // before them are counted lost. Returns the TSC at which the next wait ends, or kNothingDue.
  template <typename Release>
  std::uint64_t release_due(std::uint64_t now, Release&& release);
  // Hands every held packet to `free` (the input left the table, or the worker stops); counters stay.
  template <typename Free>
  void clear(Free&& free);
  // Forgets the flow (a fresh input on the slot): the next packet starts it, and none waits longer than
  // `wait_cycles` (max_skew on the TSC). Nothing may be held; counters reset.
  void restart(std::uint64_t wait_cycles);

  [[nodiscard]] bool holding() const { return held_ != 0; }
  [[nodiscard]] std::uint32_t capacity() const { return static_cast<std::uint32_t>(mask_ + 1); }
  [[nodiscard]] std::uint64_t wait_cycles() const { return wait_cycles_; }
  [[nodiscard]] const PlayoutCounters& counters() const { return counters_; }

 private:
  static constexpr std::uint64_t kNeverCame = 0;  // no count is 0: counts start at kSequenceCountOrigin
  struct Slot {
    std::uint64_t sequence = kNeverCame;  // the count that last came into this slot
    std::uint64_t arrival = 0;            // its TSC
    rte_mbuf* m = nullptr;                // held; nullptr once released
    Classified packet{};
  };
  Slot& slot(std::uint64_t count) { return slots_[count & mask_]; }
  // The count of a new flow: above every count this buffer has used, so no old slot passes for a new packet.
  std::uint64_t begin(std::uint32_t sequence);
  template <typename Release>
  void let_go(Slot& s, std::uint64_t now, Release&& release);
  // Moves the next-to-leave past `last`: held packets leave in order, the numbers that never came are lost.
  template <typename Release>
  void give_up_through(std::uint64_t last, std::uint64_t now, Release&& release);
  template <typename Release>
  void release_ready(std::uint64_t now, Release&& release);
  void push_waiting(std::uint64_t count);

  std::vector<Slot> slots_;
  std::vector<std::uint64_t> waiting_;  // counts of held packets in arrival order (released ones skipped lazily)
  std::uint64_t mask_;
  std::uint64_t wait_cycles_ = 0;
  unsigned sequence_bits_;
  bool started_ = false;
  std::uint64_t next_ = 0;      // the count to leave next
  std::uint64_t highest_ = 0;   // the highest count that came
  std::uint64_t waiting_head_ = 0;
  std::uint64_t waiting_tail_ = 0;
  std::uint32_t held_ = 0;
  std::uint32_t too_old_in_a_row_ = 0;
  PlayoutCounters counters_;
};

template <typename Release>
inline void PlayoutBuffer::let_go(Slot& s, std::uint64_t now, Release&& release) {
  rte_mbuf* m = s.m;
  s.m = nullptr;
  --held_;
  counters_.depth.subtract();
  const std::uint64_t waited = now - s.arrival;
  counters_.wait_max_cycles.raise_to(waited);
  release(m, s.packet);
}

template <typename Release>
inline void PlayoutBuffer::release_ready(std::uint64_t now, Release&& release) {
  while (held_ != 0) {
    Slot& s = slot(next_);
    if (s.sequence != next_ || s.m == nullptr) return;
    ++next_;
    let_go(s, now, release);
  }
}

template <typename Release>
inline void PlayoutBuffer::give_up_through(std::uint64_t last, std::uint64_t now, Release&& release) {
  std::uint64_t lost = 0;
  bool in_hole = false;
  // Only what came can be held: the walk ends at the highest count (at most the window past next_).
  for (const std::uint64_t end = std::min(last, highest_); next_ <= end; ++next_) {
    Slot& s = slot(next_);
    if (s.sequence == next_ && s.m != nullptr) {
      in_hole = false;
      let_go(s, now, release);
    } else if (s.sequence != next_) {
      if (!in_hole) counters_.gaps.add();
      in_hole = true;
      ++lost;
    }
  }
  if (next_ <= last) {
    if (!in_hole) counters_.gaps.add();
    lost += last - next_ + 1;
    next_ = last + 1;
  }
  counters_.lost.add(lost);
}

template <typename Release>
[[gnu::always_inline]] inline PlayoutVerdict PlayoutBuffer::accept(rte_mbuf* m, const Classified& p, std::uint64_t now,
                                                                   Release&& release) {
  const std::uint64_t count = started_ ? st2110::unwrap_sequence(p.sequence, sequence_bits_, next_) : begin(p.sequence);
  if (count == next_) {
    // In order: it leaves at once, and what waited behind it follows. (No packet is ever held at next_.)
    too_old_in_a_row_ = 0;
    slot(count).sequence = count;
    highest_ = std::max(highest_, count);
    ++next_;
    release(m, p);
    if (held_ != 0) {
      counters_.late_filled.add();
      release_ready(now, release);
    }
    return PlayoutVerdict::kTaken;
  }
  if (count > next_) {
    too_old_in_a_row_ = 0;
    if (count - next_ > mask_) {
      // Beyond the window (a long outage, a sender jumping ahead): what waits leaves, the rest is lost.
      give_up_through(count - 1, now, release);
      slot(count).sequence = count;
      highest_ = count;
      ++next_;
      release(m, p);
      return PlayoutVerdict::kTaken;
    }
    Slot& s = slot(count);
    if (s.sequence == count) return PlayoutVerdict::kDuplicate;
    if (count < highest_) counters_.late_filled.add();
    s = Slot{count, now, m, p};
    highest_ = std::max(highest_, count);
    ++held_;
    counters_.depth.add();
    counters_.depth_max.raise_to(held_);
    push_waiting(count);
    return PlayoutVerdict::kTaken;
  }
  if (next_ - count <= mask_ && slot(count).sequence == count) {
    too_old_in_a_row_ = 0;
    return PlayoutVerdict::kDuplicate;
  }
  if (next_ - count <= mask_ || ++too_old_in_a_row_ < kRestartAfterTooOld) return PlayoutVerdict::kTooLate;
  // Far behind, again and again: the sender started again. What waits leaves; the flow begins anew here.
  give_up_through(highest_, now, release);
  too_old_in_a_row_ = 0;
  const std::uint64_t first = begin(p.sequence);
  slot(first).sequence = first;
  ++next_;
  release(m, p);
  return PlayoutVerdict::kTaken;
}

template <typename Release>
inline std::uint64_t PlayoutBuffer::release_due(std::uint64_t now, Release&& release) {
  while (held_ != 0) {
    if (waiting_head_ == waiting_tail_) {
      // Only when the flow outran the rate the buffer was sized for (push_waiting forgot the oldest waits).
      counters_.released_after_timeout.add();
      give_up_through(highest_, now, release);
      break;
    }
    const std::uint64_t oldest = waiting_[waiting_head_ & mask_];
    if (oldest < next_) {
      ++waiting_head_;  // it left already
      continue;
    }
    const std::uint64_t due = slot(oldest).arrival + wait_cycles_;
    if (due > now) return due;
    ++waiting_head_;
    counters_.released_after_timeout.add();
    give_up_through(oldest, now, release);
    release_ready(now, release);
  }
  waiting_head_ = waiting_tail_;
  return kNothingDue;
}

template <typename Free>
inline void PlayoutBuffer::clear(Free&& free) {
  for (std::uint64_t c = next_; held_ != 0 && c <= highest_; ++c) {
    Slot& s = slot(c);
    if (s.sequence != c || s.m == nullptr) continue;
    free(s.m);
    s.m = nullptr;
    --held_;
  }
  counters_.depth.reset();
  waiting_head_ = waiting_tail_;
  next_ = highest_ + 1;
}

}  // namespace crosspoint::engine
