// The immutable description of what the workers forward: built by the control plane, published by
// pointer, read by workers between their quiescent states, freed after an RCU grace period. Slots are
// stable indices into the workers' runtime state; a generation tells a reused slot from its predecessor.
#pragma once

#include <array>
#include <cstdint>

#include "crosspoint/engine/limits.hpp"
#include "crosspoint/engine/output_pacing.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "flow_table.hpp"
#include "input_slot.hpp"
#include "output_header.hpp"
#include "pace_queue.hpp"
#include "route_switch.hpp"

namespace crosspoint::engine {

class PlayoutBuffer;

struct InputEntry {
  bool active = false;
  std::uint32_t generation = 0;
  std::uint16_t worker = 0;
  st2110::MediaType media = st2110::MediaType::kVideo;
  std::uint8_t leg_count = 0;
  std::uint32_t merge_window = 0;
  PlayoutBuffer* playout = nullptr;  // two legs with a max_skew: the input record's (lent to the worker)
  std::uint64_t playout_wait_cycles = 0;  // max_skew on the TSC
};

struct OutputLegEntry {
  std::uint16_t port = 0;  // engine port index
  OutputHeader header;
  bool reachable = true;  // false: a unicast destination whose MAC ARP has not resolved yet (nothing sent)
};

struct RouteRequest {
  std::uint64_t id = 0;  // 0: none
  InputHandle target;    // none: disconnect
  Nanoseconds deadline_local_ns = 0;
};

struct OutputEntry {
  bool active = false;
  std::uint32_t generation = 0;
  std::uint16_t worker = 0;
  st2110::MediaType media = st2110::MediaType::kVideo;
  std::uint8_t payload_type = 96;
  std::uint32_t ssrc = 0;
  bool enabled = true;
  std::uint64_t transport_version = 0;  // changes with every update_output: the worker moves at a frame boundary
  std::uint8_t leg_count = 0;
  std::array<OutputLegEntry, kMaxLegs> legs{};
  // The switches armed and not known to have landed, in landing order: a worker arms those newer than it
  // has seen and withdraws those it holds that are no longer here.
  std::array<RouteRequest, kMaxArmedSwitches> armed{};
  std::uint8_t armed_count = 0;
  RouteRequest settled;  // the route that landed last: where a fresh runtime (a restart) starts from
  OutputPacing pacing;
  const PaceSlots* pace_slots = nullptr;  // the queue's slots of a paced output (the control plane owns them)
};

struct ForwardingTable {
  std::uint64_t version = 0;
  FlowTable flows;
  std::array<InputEntry, kMaxInputs> inputs{};
  std::array<OutputEntry, kMaxOutputs> outputs{};
};

}  // namespace crosspoint::engine
