// The data path's third stage: which outputs a merged packet goes to. Every output listening to the packet's
// input (its current input, or the target of a switch armed on it) decides, and a switch that lands is
// recorded for the control plane. Pure code over the worker's runtime state.
#pragma once

#include <array>
#include <cstdint>

#include "classify_stage.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// The output slots a packet is sent on, in the order of the input's subscribers.
struct Forwards {
  std::uint16_t count = 0;
  std::array<std::uint16_t, kMaxSubscribers> outputs;  // the first `count` are set
};

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
  out.switches.add();
  out.landing.store(Landing{out.route.pending().request, input, now, forwarded ? p.timestamp : 0, out.next_index});
  out.current_input.store(input, std::memory_order_relaxed);
}

// Fills `forwards`; a packet no output takes is counted as kNoRoute on its input (the caller frees it).
// Returns how many armed switches landed with this packet.
[[gnu::always_inline]] inline unsigned route(WorkerState& state, const Classified& p, Nanoseconds now,
                                             Forwards& forwards) {
  InputRuntime& in = state.inputs[p.input];
  // A frame starts after a marker or at a new timestamp.
  const PacketMarks marks{p.marker,
                          in.have_previous ? (in.previous_marker || p.timestamp != in.previous_timestamp) : opens_frame(p)};
  in.have_previous = true;
  in.previous_marker = p.marker;
  in.previous_timestamp = p.timestamp;
  unsigned landed = 0;
  std::uint16_t count = 0;
  // The worker's reconcile lists only outputs in use as subscribers.
  for (std::uint16_t s = 0; s < in.subscriber_count; ++s) {
    const std::uint16_t o = in.subscribers[s];
    OutputRuntime& out = state.outputs[o];
    const RouteDecision decision = out.route.decide(p.input, marks, now);
    if (decision.landed) {
      record_landing(out, state, decision.forward, p, now);
      ++landed;
    }
    if (decision.forward) forwards.outputs[count++] = o;
  }
  forwards.count = count;
  if (count == 0) in.drops.add(DropReason::kNoRoute);
  return landed;
}

}  // namespace crosspoint::engine
