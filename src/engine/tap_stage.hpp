// The tap as a worker runs it (crosspoint/engine/frame_tap.hpp): on each loop turn it takes the leases the
// control plane granted (one load when none changed) and ends those expired; while any is held, every
// merged input packet and every packet an output sends passes here, and the units (frames, audio periods) due
// are copied into the channel's buffers and ring. With no lease held the worker's only cost is `active()`.
#pragma once

#include <array>
#include <cstdint>

#include <rte_cycles.h>

#include "classify_stage.hpp"
#include "tap_channel.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

class TapStage {
 public:
  TapStage(TapChannel* channel, const WorkerState& state) : channel_(channel), state_(state) {}

  // Once per loop turn, between bursts: reads the clock only while a lease is held or one was granted.
  void refresh() {
    if (channel_ == nullptr) return;
    if (const std::uint64_t version = channel_->version.load(std::memory_order_acquire); version != seen_version_) {
      seen_version_ = version;
      take_leases(rte_rdtsc());
    } else if (active_ && rte_rdtsc() >= next_expiry_tsc_) {
      take_leases(rte_rdtsc());
    }
  }
  [[nodiscard]] bool active() const { return active_; }

  // A packet of input `p.input` after the merge.
  void input(const Classified& p) { tap(TapPoint::kInput, p.input, state_.inputs[p.input].generation, p); }
  // A packet output `slot` is about to send (payload as sent: the rewrite leaves it).
  void output(std::uint16_t slot, const Classified& p) { tap(TapPoint::kOutput, slot, state_.outputs[slot].generation, p); }

 private:
  struct PointState {
    std::uint32_t generation = 0;
    std::uint32_t one_in = 0;         // 0: not tapped
    std::uint32_t countdown = 0;      // units to let pass before the next copied one
    std::uint32_t unit = 0;           // units copied (begun)
    std::uint32_t index = 0;          // next packet's place in the unit being copied
    std::uint32_t period_packet = 0;  // audio: the packet's place in its period
    bool after_marker = false;        // video, ancillary: the last packet ended a frame
    bool copying = false;
  };

  void take_leases(std::uint64_t now_tsc);
  void tap(TapPoint point, std::uint16_t slot, std::uint32_t generation, const Classified& p);
  // One packet into a buffer and the ring; false, nothing copied, when either is full.
  bool copy(const TapKey& key, const PointState& state, bool last, const Classified& p);

  TapChannel* channel_;
  const WorkerState& state_;
  std::uint64_t seen_version_ = 0;
  bool active_ = false;
  std::uint64_t next_expiry_tsc_ = 0;
  std::array<std::array<PointState, kTapSlots>, 2> points_{};
};

}  // namespace crosspoint::engine
