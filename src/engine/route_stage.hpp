// The data path's third stage: which outputs a merged packet goes to. Every output listening to the packet's
// input (its current input, or the target of a switch armed on it) decides, and a switch that lands is
// recorded for the control plane. Pure code over the worker's runtime state.
#pragma once

#include <cstdint>

#include "classify_stage.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// Video: the first SRD at row 0, pixel 0 opens a frame (or field). How an input's very first frame is found.
inline bool opens_frame(const Classified& p) {
  if (p.media != st2110::MediaType::kVideo || p.payload_length < st2110::rfc4175_header_length(1)) return false;
  const std::uint8_t* srd = p.payload() + st2110::kRfc4175ExtendedSequenceLength;
  return (st2110::load_be16(srd + 2) & 0x7fff) == 0 && (st2110::load_be16(srd + 4) & 0x7fff) == 0;
}

// Publishes where the output's switch landed: the route's new input, and when and where it took over.
inline void record_landing(OutputRuntime& out, const WorkerState& state, bool forwarded, const Classified& p,
                           Nanoseconds now) {
  const InputSlot current = out.route.current();
  const InputHandle input = current == kNoInput ? InputHandle{} : InputHandle{current, state.inputs[current].generation};
  const SettledSwitches& settled = out.route.settled();
  out.switches.add();
  out.landings.record(Landing{settled.landed, input, now, forwarded ? p.timestamp : 0, out.next_index, settled.superseded,
                              settled.superseded_count});
  out.current_input.store(input, std::memory_order_relaxed);
}

// Calls `send(output slot, owns_mbuf)` for every output that forwards the packet, in subscriber order. Only
// the last gets owns_mbuf (it takes the received mbuf, the others copies), so each call waits until the
// next forwarding output is known. False when no output takes the packet: counted as kNoRoute on its input,
// the caller frees it. An output moved to its new transport (update_output) before this packet, the first
// after a frame, sends it there. An output that waits for no boundary any more (its last armed switch landed,
// its move made) is taken off `armed_switches`.
template <typename Send>
[[gnu::always_inline]] inline bool route(WorkerState& state, const Classified& p, Nanoseconds now, unsigned& armed_switches,
                                         Send&& send) {
  InputRuntime& in = state.inputs[p.input];
  // A frame starts after a marker or at a new timestamp; a video frame only where its first line starts, so a
  // switch never lands on a frame whose first packets were lost (e.g. a 2022-7 merge restarting).
  const bool new_frame = in.have_previous ? (in.previous_marker || p.timestamp != in.previous_timestamp) : opens_frame(p);
  const PacketMarks marks{p.marker, p.media == st2110::MediaType::kVideo ? new_frame && opens_frame(p) : new_frame};
  in.have_previous = true;
  in.previous_marker = p.marker;
  in.previous_timestamp = p.timestamp;
  constexpr std::uint16_t kNone = 0xffff;
  std::uint16_t waiting = kNone;
  // The worker's reconcile lists only outputs in use as subscribers.
  const std::uint16_t subscriber_count = in.subscriber_count;
  for (std::uint16_t s = 0; s < subscriber_count; ++s) {
    const std::uint16_t o = in.subscribers[s];
    OutputRuntime& out = state.outputs[o];
    // A move waits for the end of the frame: this packet is the first after it.
    if (out.move_pending && out.route.between_frames()) {
      out.move(now);
      if (!out.waits_for_boundary()) --armed_switches;
    }
    const RouteDecision decision = out.route.decide(p.input, marks, now);
    if (decision.landed) {
      record_landing(out, state, decision.forward, p, now);
      if (!out.waits_for_boundary()) --armed_switches;
    }
    if (!decision.forward || !out.sending.enabled) continue;
    if (waiting != kNone) send(waiting, false);
    waiting = o;
  }
  if (waiting == kNone) {
    in.drops.add(DropReason::kNoRoute);
    return false;
  }
  send(waiting, true);
  return true;
}

}  // namespace crosspoint::engine
