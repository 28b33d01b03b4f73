#include "nmos/resources/node_resource.hpp"

namespace crosspoint::nmos {
namespace {

nlohmann::json clock_to_json(const NodeClock& clock) {
  if (const auto* ptp = std::get_if<PtpClock>(&clock)) {
    return {{"name", ptp->name}, {"ref_type", "ptp"}, {"traceable", ptp->traceable},
            {"version", "IEEE1588-2008"}, {"gmid", ptp->gmid}, {"locked", ptp->locked}};
  }
  return {{"name", std::get<InternalClock>(clock).name}, {"ref_type", "internal"}};
}

nlohmann::json optional_string(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const NodeResource& node) {
  nlohmann::json out = core_to_json(node.core);
  out["href"] = node.href;
  if (!node.hostname.empty()) out["hostname"] = node.hostname;
  nlohmann::json endpoints = nlohmann::json::array();
  for (const NodeApiEndpoint& e : node.endpoints)
    endpoints.push_back({{"host", e.host}, {"port", e.port}, {"protocol", e.protocol}, {"authorization", e.authorization}});
  out["api"] = {{"versions", node.api_versions}, {"endpoints", std::move(endpoints)}};
  out["caps"] = nlohmann::json::object();
  nlohmann::json services = nlohmann::json::array();
  for (const NodeServiceEndpoint& s : node.services)
    services.push_back({{"href", s.href}, {"type", s.type}, {"authorization", s.authorization}});
  out["services"] = std::move(services);
  nlohmann::json clocks = nlohmann::json::array();
  for (const NodeClock& clock : node.clocks) clocks.push_back(clock_to_json(clock));
  out["clocks"] = std::move(clocks);
  nlohmann::json interfaces = nlohmann::json::array();
  for (const NodeInterface& i : node.interfaces) {
    nlohmann::json entry = {{"name", i.name}, {"chassis_id", optional_string(i.chassis_id)}, {"port_id", i.port_id}};
    if (i.attached_chassis_id && i.attached_port_id)
      entry["attached_network_device"] = {{"chassis_id", *i.attached_chassis_id}, {"port_id", *i.attached_port_id}};
    interfaces.push_back(std::move(entry));
  }
  out["interfaces"] = std::move(interfaces);
  return out;
}

}  // namespace crosspoint::nmos
