// GET /metrics on the daemon's HTTP server: every part that runs, read at each scrape.
#pragma once

#include <string>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/nmos/node_service.hpp"
#include "crosspoint/nmos/registry_service.hpp"
#include "crosspoint/ptp/clock.hpp"

namespace crosspoint::app {

// The parts a scrape reads; null ones are left out. They must outlive the node's server.
struct MetricSources {
  const engine::Engine* engine = nullptr;
  const ptp::Clock* ptp = nullptr;
  nmos::NodeService* node = nullptr;
  const nmos::RegistryService* registry = nullptr;
};

[[nodiscard]] std::string render_metrics(const MetricSources& sources);
// Serves render_metrics at "/metrics" on the node's server; returns the URL.
std::string serve_metrics(nmos::NodeService& node, MetricSources sources);

}  // namespace crosspoint::app
