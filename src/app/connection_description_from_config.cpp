#include "connection_description_from_config.hpp"

#include <stdexcept>

namespace crosspoint::app {
namespace {

template <class Leg>
std::vector<std::string> ports_of(const std::vector<Leg>& legs) {
  std::vector<std::string> ports;
  for (const auto& leg : legs) ports.push_back(leg.port);
  return ports;
}

std::string known_id(const std::optional<std::string>& id, const std::string& what) {
  if (!id) throw std::invalid_argument(what + " has no IS-04 resource");
  return *id;
}

}  // namespace

nmos::ConnectionDescription describe_connections(const DaemonConfig& config, const nmos::NodeService& node,
                                                 const std::map<std::string, st2110::MacAddress>& port_macs) {
  nmos::ConnectionDescription description;
  for (const engine::PortConfig& port : config.engine.ports) {
    const auto mac = port_macs.find(port.name);
    description.interfaces.push_back({port.name, port.ipv4.to_string(), mac != port_macs.end() ? mac->second.to_string() : ""});
  }
  for (const OutputDescription& output : config.outputs) {
    const engine::OutputConfig& engine_output = output.engine;
    nmos::SenderConnection sender;
    sender.id = known_id(node.sender_id(engine_output.id), "output " + engine_output.id);
    sender.output = engine_output.id;
    sender.format = output.format;
    sender.interfaces = ports_of(engine_output.legs);
    for (const engine::OutputLeg& leg : engine_output.legs) sender.destinations.push_back(leg.destination.to_string());
    sender.destination_port = engine_output.legs.front().destination_port;
    sender.source_port = engine_output.legs.front().source_port;
    sender.payload_type = engine_output.payload_type;
    sender.master_enable = engine_output.enabled;
    description.senders.push_back(std::move(sender));
  }
  for (const InputDescription& input : config.inputs) {
    const engine::InputConfig& engine_input = input.engine;
    nmos::ReceiverConnection receiver;
    receiver.id = known_id(node.receiver_id(engine_input.id), "input " + engine_input.id);
    receiver.input = engine_input.id;
    receiver.media_type = engine_input.media;
    receiver.format = input.format;
    receiver.multicast = engine_input.legs.front().destination.is_multicast();
    receiver.interfaces = ports_of(engine_input.legs);
    receiver.destination_port = engine_input.legs.front().udp_port;
    for (const engine::InputLeg& leg : engine_input.legs) {
      nmos::ReceiverLegStart start;
      if (leg.destination.is_multicast()) start.multicast_ip = leg.destination.to_string();
      if (leg.source) start.source_ip = leg.source->to_string();
      start.destination_port = leg.udp_port;
      receiver.start.push_back(start);
    }
    description.receivers.push_back(std::move(receiver));
  }
  return description;
}

}  // namespace crosspoint::app
