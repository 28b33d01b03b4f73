// How a worker takes an output's armed switches from a newly published forwarding table. Tables may be
// skipped (the worker reads only the newest), so the table carries every switch armed and not known to
// have landed, and the worker compares it with what it holds: nothing armed is lost to a later table.
#pragma once

#include <array>

#include "crosspoint/engine/limits.hpp"
#include "forwarding_table.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// Arms the table's switches newer than the output has seen, points those it holds at their targets (a
// receiver's input may have moved to a new slot), and withdraws those the table no longer arms, or, when
// the cut toward one has begun, keeps it and says so in out.kept. A fresh runtime (a restart) starts from
// the settled route. A target that is not among `inputs` (removed meanwhile) becomes a disconnect.
void reconcile_route(OutputRuntime& out, const OutputEntry& entry, const std::array<InputRuntime, kMaxInputs>& inputs,
                     bool fresh);

}  // namespace crosspoint::engine
