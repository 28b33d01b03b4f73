// Inputs and outputs as the control plane keeps them: the configuration asked for, the slot and generation
// the data path knows them by, the engine port of each leg, and an output's latest route request.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/route_state.hpp"
#include "forwarding_table.hpp"
#include "input_slot.hpp"
#include "landing_times.hpp"
#include "pace_queue.hpp"
#include "playout_buffer.hpp"

namespace crosspoint::engine {

struct InputRecord {
  InputConfig config;
  InputSlot slot = kNoInput;
  std::uint32_t generation = 0;
  unsigned worker = 0;
  std::vector<std::uint16_t> leg_ports;  // engine port index of each leg
  // Two legs with a max_skew: the slot's playout buffer, shared by the inputs sharing the slot; freed with
  // the last of them, once its worker has let it go (Engine::Impl::retire).
  std::shared_ptr<PlayoutBuffer> playout;

  [[nodiscard]] InputHandle handle() const { return InputHandle{slot, generation}; }
};

// A switch armed on an output and not known to have landed.
struct ArmedSwitch {
  RouteRequest request;
  ArmedRoute route;  // as route_state reports it: the input by name, the PTP time asked
};

struct OutputRecord {
  OutputConfig config;
  std::uint16_t slot = 0;
  std::uint32_t generation = 0;
  std::vector<std::uint16_t> leg_ports;
  std::uint64_t transport_version = 1;  // increased by every update_output
  std::vector<ArmedSwitch> armed;  // in landing order, at most kMaxArmedSwitches
  RouteRequest settled;            // the last switch known to have landed
  std::optional<std::string> settled_input;  // the input it names, kept while that input is disabled
  std::unique_ptr<PaceSlots> pace_slots;     // a paced output's queue, sized by pace_queue_depth
  // Read under the engine's mutex by its const queries, which fix a landing's PTP time when they first see it.
  mutable LandingTimes landing_times;

  // The input the output's route names at local time `t`: the last switch armed to land by then, else the
  // settled one.
  [[nodiscard]] std::optional<std::string> follows_at(Nanoseconds t) const {
    std::optional<std::string> follows = settled_input;
    for (const ArmedSwitch& a : armed) {
      if (a.request.deadline_local_ns <= t) follows = a.route.input;
    }
    return follows;
  }
};

using InputRecords = std::map<std::string, InputRecord, std::less<>>;
using OutputRecords = std::map<std::string, OutputRecord, std::less<>>;

}  // namespace crosspoint::engine
