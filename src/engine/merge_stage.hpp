// The data path's second stage: a classified packet is counted on its input (and leg) and, for an input
// with two legs, passes only if it is the first copy (ST 2022-7): at once, or (an input with a max_skew)
// through its playout buffer, in sequence order. Pure code over the input's runtime state.
#pragma once

#include <rte_mbuf.h>

#include "classify_stage.hpp"
#include "playout_buffer.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// Sequence numbers as merge and loss accounting read them: video's carry RFC 4175's extended 16 bits.
constexpr unsigned sequence_bits(st2110::MediaType media) { return media == st2110::MediaType::kVideo ? 32 : 16; }

// Per-leg accounting, only where there are legs to compare (one leg's counters are the input's).
[[gnu::always_inline]] inline LegRuntime& count_on_leg(InputRuntime& in, const Classified& p, std::uint32_t frame_bytes,
                                                       unsigned bits) {
  LegRuntime& leg = in.legs[p.leg];
  leg.packets.add();
  leg.bytes.add(frame_bytes);
  if (const std::int64_t step = leg.sequence.follow(p.sequence, bits); step > 1) leg.lost.add(step - 1);
  return leg;
}

// A packet that goes on to be routed, counted on its input.
[[gnu::always_inline]] inline void count_merged(InputRuntime& in, const Classified& p, std::uint32_t frame_bytes) {
  in.packets.add();
  in.bytes.add(frame_bytes);
  if (p.marker) in.frames.add();
}

// A copy that does not pass: a duplicate (counted on its leg too) or one too old for the merge, counted by reason.
[[gnu::always_inline]] inline bool refuse_copy(InputRuntime& in, LegRuntime& leg, bool duplicate) {
  if (duplicate) leg.duplicates.add();
  in.drops.add(duplicate ? DropReason::kDuplicate : DropReason::kOutsideMergeWindow);
  return false;
}

// True when the packet (a frame of `frame_bytes` octets) goes on to be routed; false when it is a later copy
// or too old (counted in in.drops: the caller frees it). Inputs without a playout buffer.
[[gnu::always_inline]] inline bool merge(InputRuntime& in, const Classified& p, std::uint32_t frame_bytes) {
  const unsigned bits = sequence_bits(in.media);
  if (in.leg_count > 1) {
    LegRuntime& leg = count_on_leg(in, p, frame_bytes, bits);
    const MergeOutcome outcome = in.merge.accept(p.sequence, bits, in.merge_window);
    switch (outcome.verdict) {
      case MergeVerdict::kDuplicate:
      case MergeVerdict::kTooOld:
        return refuse_copy(in, leg, outcome.verdict == MergeVerdict::kDuplicate);
      case MergeVerdict::kAdvance:
        if (outcome.skipped != 0) {
          in.lost.add(outcome.skipped);
          in.sequence_errors.add();
        }
        break;
      case MergeVerdict::kLateFill:
        if (in.lost.read() != 0) in.lost.subtract();
        break;
      case MergeVerdict::kRestart:
        in.sequence_errors.add();
        break;
    }
  } else if (const std::int64_t step = in.sequence.follow(p.sequence, bits); step != 1) {
    in.sequence_errors.add();
    if (step > 1) in.lost.add(step - 1);
  }
  count_merged(in, p, frame_bytes);
  return true;
}

// The merge of an input with a playout buffer (in.playout): its buffer takes the first copy of each packet
// (received at TSC `now`) and hands `release(mbuf, packet)` the packets in sequence order as their turn
// comes, this one at once when its predecessor has gone. False for a copy not taken (counted in in.drops
// and the leg's duplicates): the caller frees it. The holes given up are the buffer's to count.
template <typename Release>
[[gnu::always_inline]] inline bool merge_through_playout(InputRuntime& in, rte_mbuf* m, const Classified& p, std::uint64_t now,
                                                         Release&& release) {
  LegRuntime& leg = count_on_leg(in, p, m->pkt_len, sequence_bits(in.media));
  const auto merged = [&](rte_mbuf* out, const Classified& packet) __attribute__((always_inline)) {
    count_merged(in, packet, out->pkt_len);
    release(out, packet);
  };
  const PlayoutVerdict verdict = in.playout->accept(m, p, now, merged);
  return verdict == PlayoutVerdict::kTaken || refuse_copy(in, leg, verdict == PlayoutVerdict::kDuplicate);
}

// Hands `release(mbuf, packet)` the packets of `in`'s playout buffer whose wait has ended by TSC `now` (and
// those behind them in order). Returns the TSC at which the next wait ends, or PlayoutBuffer::kNothingDue.
template <typename Release>
inline std::uint64_t release_waiting(InputRuntime& in, std::uint64_t now, Release&& release) {
  return in.playout->release_due(now, [&](rte_mbuf* out, const Classified& packet) {
    count_merged(in, packet, out->pkt_len);
    release(out, packet);
  });
}

}  // namespace crosspoint::engine
