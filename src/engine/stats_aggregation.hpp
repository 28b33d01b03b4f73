// The engine's counters as the control plane reports them: each worker's per-port, per-input and per-output
// counters summed, the device's own counters added, read while the workers keep counting.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/stats.hpp"
#include "engine_records.hpp"
#include "igmp_membership.hpp"
#include "port.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// `open_ports` is empty while the engine is stopped (no device counters then).
EngineStats aggregate_stats(std::span<const PortConfig> ports, std::span<const OpenPort> open_ports,
                            std::span<const std::unique_ptr<WorkerState>> workers, const InputRecords& inputs,
                            const OutputRecords& outputs, const IgmpMembership& membership);

}  // namespace crosspoint::engine
