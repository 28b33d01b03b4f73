#include "worker_state.hpp"

namespace crosspoint::engine {

void LegRuntime::reset() {
  packets.reset();
  bytes.reset();
  lost.reset();
  duplicates.reset();
  sequence.reset();
}

void InputRuntime::reset(const InputEntry& entry) {
  in_use = true;
  generation = entry.generation;
  media = entry.media;
  leg_count = entry.leg_count;
  merge_window = entry.merge_window;
  merge.reset();
  playout = entry.playout;
  if (playout != nullptr) playout->restart(entry.playout_wait_cycles);
  sequence.reset();
  previous_marker = false;
  have_previous = false;
  previous_timestamp = 0;
  subscriber_count = 0;
  packets.reset();
  bytes.reset();
  frames.reset();
  sequence_errors.reset();
  lost.reset();
  drops.reset();
  for (auto& leg : legs) leg.reset();
}

void OutputRuntime::reset(const OutputEntry& entry, Nanoseconds now) {
  in_use = true;
  generation = entry.generation;
  seen_request = 0;
  route = RouteSwitch(entry.media);
  next_index = 0;
  moving_to = entry;
  move(now);
  packets.reset();
  bytes.reset();
  frames.reset();
  switches.reset();
  drops.reset();
  landings.clear();
  kept.store(0, std::memory_order_relaxed);
  current_input.store(InputHandle{}, std::memory_order_relaxed);
  held.clear();
  release_ready_tsc = 0;
  pace_late.reset();
  pace_overruns.reset();
  pace_unaligned.reset();
  pace_depth_max.reset();
  pace_depth.store(0, std::memory_order_relaxed);
  hold_time.reset();
  pacing = OutputPacing{};
  schedule = PaceSchedule{};
  take_pacing(entry);
}

void OutputRuntime::take_transport(const OutputEntry& entry, Nanoseconds now) {
  if (entry.transport_version == sending.transport_version) {
    move_pending = false;  // moved back before it was taken
    return;
  }
  moving_to = entry;
  move_pending = true;
  if (route.between_frames()) move(now);
}

void OutputRuntime::take_pacing(const OutputEntry& entry) {
  if (entry.pacing == pacing && schedule.paced() == (pacing.mode != PacingMode::kPassthrough)) return;
  pacing = entry.pacing;
  schedule = PaceSchedule(pacing, entry.media);
}

}  // namespace crosspoint::engine
