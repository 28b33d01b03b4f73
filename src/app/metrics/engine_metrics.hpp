// The engine's counters as Prometheus metrics: every counter of EngineStats (ports, inputs and their legs,
// outputs, drops by reason, zeros included) and where each output's route stands.
#pragma once

#include <vector>

#include "crosspoint/engine/route_state.hpp"
#include "crosspoint/engine/stats.hpp"
#include "metrics/prometheus_exposition.hpp"

namespace crosspoint::app {

void add_engine_metrics(PrometheusExposition& out, const engine::EngineStats& stats,
                        const std::vector<engine::RouteState>& routes);

}  // namespace crosspoint::app
