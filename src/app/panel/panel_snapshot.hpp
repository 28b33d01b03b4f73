// What the panel's live feed pushes each second: the engine's counters (the page turns them into rates), where
// each output's route stands, the ports' multicast memberships, the PTP status and the node's registration.
// Cumulative counters, not rates, so a page that misses a message loses nothing.
#pragma once

#include <nlohmann/json.hpp>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/nmos/node_service.hpp"
#include "crosspoint/ptp/clock.hpp"
#include "daemon_config.hpp"

namespace crosspoint::app {

struct PanelSources {
  const DaemonConfig* config = nullptr;
  const ClockModel* clock = nullptr;
  const engine::Engine* engine = nullptr;
  const ptp::Clock* ptp = nullptr;
  const nmos::NodeService* node = nullptr;
};

[[nodiscard]] nlohmann::json panel_snapshot(const PanelSources& sources);

}  // namespace crosspoint::app
