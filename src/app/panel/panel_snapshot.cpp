#include "panel/panel_snapshot.hpp"

#include <map>
#include <set>

namespace crosspoint::app {

namespace {

using nlohmann::json;

// Only the reasons that counted something, by name.
json drops_of(const engine::DropCounts& drops) {
  json named = json::object();
  for (std::size_t i = 0; i < drops.size(); ++i)
    if (drops[i] != 0) named[engine::to_string(static_cast<engine::DropReason>(i))] = drops[i];
  return named;
}

template <typename Description>
std::map<std::string, std::string> labels_of(const std::vector<Description>& descriptions) {
  std::map<std::string, std::string> labels;
  for (const auto& each : descriptions) labels[each.engine.id] = each.label;
  return labels;
}

std::string label(const std::map<std::string, std::string>& labels, const std::string& id) {
  const auto found = labels.find(id);
  return found == labels.end() || found->second.empty() ? id : found->second;
}

json ptp_time(const PtpTime& time) { return static_cast<double>(time.seconds) + time.nanoseconds * 1e-9; }

json engine_part(const DaemonConfig& config, const engine::Engine& engine) {
  const engine::EngineStats stats = engine.stats();
  // The groups each port has joined for the configured inputs (IGMPv3 reports go out on join and on queries).
  std::map<std::string, std::set<std::string>> groups;
  for (const auto& input : config.inputs)
    for (const auto& leg : input.engine.legs)
      if (leg.destination.is_multicast()) groups[leg.port].insert(leg.destination.to_string());
  json ports = json::array();
  for (const auto& port : stats.ports) {
    ports.push_back({{"name", port.name}, {"rx_packets", port.rx_packets}, {"rx_bytes", port.rx_bytes},
                     {"tx_packets", port.tx_packets}, {"tx_bytes", port.tx_bytes},
                     {"igmp_groups", groups[port.name]}, {"igmp_reports", port.igmp_reports},
                     {"igmp_queries", port.igmp_queries}, {"igmp_reports_unsent", port.igmp_reports_unsent},
                     {"device_rx_missed", port.device_rx_missed}, {"device_tx_errors", port.device_tx_errors},
                     {"drops", drops_of(port.drops)}});
  }
  const auto input_labels = labels_of(config.inputs);
  json inputs = json::array();
  for (const auto& input : stats.inputs) {
    json legs = json::array();
    for (const auto& leg : input.legs)
      legs.push_back({{"port", leg.port}, {"packets", leg.packets}, {"bytes", leg.bytes}, {"lost", leg.lost},
                      {"duplicates", leg.duplicates}, {"recovered", leg.recovered}});
    inputs.push_back({{"id", input.id}, {"label", label(input_labels, input.id)}, {"packets", input.packets},
                      {"bytes", input.bytes}, {"frames", input.frames}, {"sequence_errors", input.sequence_errors},
                      {"lost", input.lost}, {"legs", legs}, {"drops", drops_of(input.drops)}});
  }
  const auto output_labels = labels_of(config.outputs);
  json outputs = json::array();
  for (const auto& output : stats.outputs) {
    json entry{{"id", output.id}, {"label", label(output_labels, output.id)}, {"packets", output.packets},
               {"bytes", output.bytes}, {"frames", output.frames}, {"landings", output.switches},
               {"drops", drops_of(output.drops)}, {"input", nullptr}, {"last_landing", nullptr}};
    if (const auto route = engine.route_state(output.id)) {
      if (route->current_input) entry["input"] = *route->current_input;
      if (route->last_landed) {
        entry["last_landing"] = {{"at", ptp_time(route->last_landed->landed_at)},
                                 {"input", route->last_landed->input ? json(*route->last_landed->input) : json()}};
      }
    }
    outputs.push_back(std::move(entry));
  }
  return {{"ports", ports}, {"inputs", inputs}, {"outputs", outputs}};
}

json ptp_part(const DaemonConfig& config, const ptp::Clock& clock) {
  const ptp::ClockStatus status = clock.status();
  return {{"state", std::string(ptp::to_string(status.port_state))},
          {"clock_identity", status.clock_identity.to_string()},
          {"grandmaster_identity", status.grandmaster_identity.to_string()},
          {"domain", config.ptp.clock.domain},
          {"steps_removed", status.steps_removed},
          {"locked", status.locked},
          {"time_traceable", status.time_properties.time_traceable},
          {"frequency_traceable", status.time_properties.frequency_traceable},
          {"offset_ns", status.offset_from_master_ns},
          {"mean_path_delay_ns", status.mean_path_delay_ns}};
}

json node_part(const nmos::NodeService& node) {
  const nmos::RegistrationStatus registration = node.registration_status();
  return {{"id", node.node_id()},
          {"registered", registration.registered},
          {"registry", registration.registry},
          {"heartbeats", registration.heartbeats},
          {"failovers", registration.failovers},
          {"last_error", registration.last_error}};
}

}  // namespace

json panel_snapshot(const PanelSources& sources) {
  json snapshot{{"time", sources.clock ? ptp_time(sources.clock->now()) : json()}};
  if (sources.engine) snapshot["engine"] = engine_part(*sources.config, *sources.engine);
  if (sources.ptp) snapshot["ptp"] = ptp_part(*sources.config, *sources.ptp);
  if (sources.node) snapshot["node"] = node_part(*sources.node);
  return snapshot;
}

}  // namespace crosspoint::app
