// The data path's second stage: a classified packet is counted on its input (and leg) and, for an input
// with two legs, passes only if it is the first copy (ST 2022-7). Pure code over the input's runtime state.
#pragma once

#include "classify_stage.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// Sequence numbers as merge and loss accounting read them: video's carry RFC 4175's extended 16 bits.
constexpr unsigned sequence_bits(st2110::MediaType media) { return media == st2110::MediaType::kVideo ? 32 : 16; }

// True when the packet (a frame of `frame_bytes` octets) goes on to be routed; false when it is a later copy
// or too old (counted in in.drops: the caller frees it).
[[gnu::always_inline]] inline bool merge(InputRuntime& in, const Classified& p, std::uint32_t frame_bytes) {
  const unsigned bits = sequence_bits(in.media);
  if (in.leg_count > 1) {
    // Per-leg accounting only where there are legs to compare; one leg's counters are the input's.
    LegRuntime& leg = in.legs[p.leg];
    leg.packets.add();
    leg.bytes.add(frame_bytes);
    if (const std::int64_t step = leg.sequence.follow(p.sequence, bits); step > 1) leg.lost.add(step - 1);

    const MergeOutcome outcome = in.merge.accept(p.sequence, bits, in.merge_window);
    switch (outcome.verdict) {
      case MergeVerdict::kDuplicate:
        leg.duplicates.add();
        in.drops.add(DropReason::kDuplicate);
        return false;
      case MergeVerdict::kTooOld:
        in.drops.add(DropReason::kOutsideMergeWindow);
        return false;
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
  in.packets.add();
  in.bytes.add(frame_bytes);
  if (p.marker) in.frames.add();
  return true;
}

}  // namespace crosspoint::engine
