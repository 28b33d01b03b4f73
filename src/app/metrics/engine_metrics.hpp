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
// Mbufs taken from the engine's pools (received packets, fan-out headers, replays): steady while nothing leaks.
void add_mbuf_metrics(PrometheusExposition& out, std::uint64_t mbufs_in_use);

}  // namespace crosspoint::app
