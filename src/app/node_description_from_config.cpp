#include "node_description_from_config.hpp"

namespace crosspoint::app {
namespace {

// LLDP-style ids are MACs written with dashes.
std::string lldp_id(const st2110::MacAddress& mac) {
  std::string text = mac.to_string();
  for (char& c : text) c = c == ':' ? '-' : c;
  return text;
}

// An LLDP id from the config: a MAC however written becomes "xx-xx-..."; anything else stays as it is.
std::string lldp_id(const std::string& text) {
  const auto mac = st2110::MacAddress::parse(text);
  return mac ? lldp_id(*mac) : text;
}

// The ports a flow's legs use: its IS-04 interface bindings.
template <class Leg>
std::vector<std::string> ports_of(const std::vector<Leg>& legs) {
  std::vector<std::string> ports;
  for (const auto& leg : legs) ports.push_back(leg.port);
  return ports;
}

}  // namespace

nmos::NodeDescription describe_node(const DaemonConfig& config, const std::string& hostname,
                                    const std::map<std::string, st2110::MacAddress>& port_macs) {
  nmos::NodeDescription node;
  node.seed = config.nmos.seed.empty() ? hostname : config.nmos.seed;
  node.label = config.nmos.label;
  node.hostname = hostname;
  node.asset = config.nmos.asset;
  node.devices = {nmos::DeviceDescription{"main", config.nmos.label, "crosspoint ST 2110 gateway and router"}};
  if (config.nmos.functions) node.devices.front().functions = *config.nmos.functions;
  node.clocks = {nmos::ClockDescription{"clk0", config.ptp.enabled ? nmos::ClockKind::kPtp : nmos::ClockKind::kInternal}};
  for (const auto& port : config.engine.ports) {
    const auto mac = port.mac ? port.mac : (port_macs.contains(port.name) ? std::optional(port_macs.at(port.name)) : std::nullopt);
    // IS-04 requires a port id; a port whose device is not up yet has no address to give.
    if (!mac) continue;
    nmos::InterfaceDescription interface{port.name, "", lldp_id(*mac), std::nullopt};
    if (const auto attached = config.attached_network_devices.find(port.name); attached != config.attached_network_devices.end())
      interface.attached = nmos::AttachedNetworkDevice{lldp_id(attached->second.chassis_id), lldp_id(attached->second.port_id)};
    node.interfaces.push_back(std::move(interface));
  }
  for (const auto& output : config.outputs) {
    node.outputs.push_back(nmos::OutputDescription{
        .name = output.engine.id,
        .label = output.label,
        .description = "",
        .device = "main",
        .media_type = output.engine.media,
        .format = output.format,
        .multicast = output.engine.legs.front().destination.is_multicast(),
        .active = config.routes.contains(output.engine.id),
        .interfaces = ports_of(output.engine.legs),
        .audio_channel_labels = {},
        .group_hint = output.group_hint,
    });
  }
  for (const auto& input : config.inputs) {
    node.inputs.push_back(nmos::InputDescription{
        .name = input.engine.id,
        .label = input.label,
        .description = "",
        .device = "main",
        .media_type = input.engine.media,
        .format = input.format,
        .active = true,  // the engine subscribes to every configured input at start
        .interfaces = ports_of(input.engine.legs),
        .group_hint = input.group_hint,
    });
  }
  return node;
}

}  // namespace crosspoint::app
