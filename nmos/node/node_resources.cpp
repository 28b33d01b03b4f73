#include "nmos/node/node_resources.hpp"

#include <cstdio>

#include "nmos/resources/bcp002_tags.hpp"
#include "nmos/resources/constraint_sets.hpp"

namespace crosspoint::nmos {
namespace {

std::string gmid_of(const std::array<std::uint8_t, 8>& id) {
  char text[24];
  std::snprintf(text, sizeof text, "%02x-%02x-%02x-%02x-%02x-%02x-%02x-%02x", id[0], id[1], id[2], id[3], id[4], id[5],
                id[6], id[7]);
  return text;
}

ResourceCore core(std::string id, PtpTime version, std::string label, std::string description) {
  return ResourceCore{std::move(id), version, std::move(label), std::move(description), {}};
}

std::vector<std::string> bindings_or_all(const std::vector<std::string>& chosen, const NodeDescription& description) {
  if (!chosen.empty()) return chosen;
  std::vector<std::string> all;
  for (const InterfaceDescription& i : description.interfaces) all.push_back(i.name);
  return all;
}

}  // namespace

std::string base_url_of(const NodeDescription& description) {
  if (description.endpoints.empty()) return {};
  const ApiEndpointDescription& e = description.endpoints.front();
  const bool ipv6 = e.host.find(':') != std::string::npos;
  return e.protocol + "://" + (ipv6 ? "[" + e.host + "]" : e.host) + ":" + std::to_string(e.port);
}

std::vector<NodeClock> clocks_of(const NodeDescription& description, const ClockTraceability& traceability) {
  std::vector<NodeClock> clocks;
  for (const ClockDescription& c : description.clocks) {
    if (c.kind == ClockKind::kPtp)
      clocks.emplace_back(PtpClock{c.name, traceability.traceable, gmid_of(traceability.grandmaster_id), traceability.locked});
    else
      clocks.emplace_back(InternalClock{c.name});
  }
  return clocks;
}

NodeResources build_node_resources(const NodeDescription& description, const StableIdGenerator& ids,
                                   const ClockTraceability& traceability, PtpTime version) {
  NodeResources r;
  const std::string base_url = base_url_of(description);
  const std::string node_id = ids.make("node");

  NodeResource& node = r.node;
  node.core = core(node_id, version, description.label, description.description);
  node.core.tags = description.tags;
  const std::string instance_id =
      description.asset.instance_id.empty() ? description.seed : description.asset.instance_id;
  add_asset_tags(node.core.tags, description.asset, instance_id);
  node.href = base_url + "/";
  node.hostname = description.hostname;
  node.api_versions = {"v1.2", "v1.3"};
  for (const ApiEndpointDescription& e : description.endpoints) node.endpoints.push_back({e.host, e.port, e.protocol, false});
  node.clocks = clocks_of(description, traceability);
  for (const InterfaceDescription& i : description.interfaces) {
    NodeInterface entry{i.name, std::nullopt, i.port_id, std::nullopt, std::nullopt};
    if (!i.chassis_id.empty()) entry.chassis_id = i.chassis_id;
    if (i.attached) {
      entry.attached_chassis_id = i.attached->chassis_id;
      entry.attached_port_id = i.attached->port_id;
    }
    node.interfaces.push_back(std::move(entry));
  }

  auto device_index = [&description](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < description.devices.size(); ++i)
      if (description.devices[i].name == name) return i;
    return 0;
  };
  for (const DeviceDescription& d : description.devices) {
    DeviceResource device;
    device.core = core(ids.make("device/" + d.name), version, d.label, d.description);
    // A lone device may share the node's identity; several need their own to stay unique among devices.
    const bool shares_identity = description.devices.size() == 1;
    add_device_asset_tags(device.core.tags, description.asset,
                          shares_identity ? instance_id : instance_id + "-" + d.name, d.functions);
    device.node_id = node_id;
    if (description.connection_api && !base_url.empty()) {
      for (const char* version : {"v1.1", "v1.0"}) {
        device.controls.push_back({base_url + "/x-nmos/connection/" + version + "/",
                                   std::string("urn:x-nmos:control:sr-ctrl/") + version, false});
      }
    }
    r.devices.push_back(std::move(device));
  }
  const std::string clock_name = description.clocks.empty() ? std::string() : description.clocks.front().name;

  for (const OutputDescription& out : description.outputs) {
    DeviceResource& device = r.devices.at(device_index(out.device));
    SenderResource sender;
    sender.core = core(ids.make("sender/" + out.name), version, out.label, out.description);
    if (out.group_hint) sender.core.tags[kGroupHintTag] = {group_hint_value(*out.group_hint)};
    sender.transport = out.multicast ? kTransportRtpMulticast : kTransportRtpUnicast;
    sender.device_id = device.core.id;
    if (description.connection_api && !base_url.empty())
      sender.manifest_href = base_url + "/x-nmos/connection/v1.1/single/senders/" + sender.core.id + "/transportfile";
    sender.interface_bindings = bindings_or_all(out.interfaces, description);
    sender.subscription.active = out.active;
    if (out.format) {
      SourceResource source;
      source.core = core(ids.make("source/" + out.name), version, out.label, out.description);
      source.format = nmos_format_of(st2110::media_type_of(*out.format));
      source.device_id = device.core.id;
      if (!clock_name.empty()) source.clock_name = clock_name;
      source.grain_rate = grain_rate_of(*out.format);
      if (const auto* audio = std::get_if<st2110::AudioFormat>(&*out.format)) {
        for (std::uint32_t c = 0; c < audio->channels; ++c) {
          const std::string label =
              c < out.audio_channel_labels.size() ? out.audio_channel_labels[c] : "Channel " + std::to_string(c + 1);
          source.channels.push_back({label, std::nullopt});
        }
      }
      FlowResource flow;
      flow.core = core(ids.make("flow/" + out.name), version, out.label, out.description);
      flow.source_id = source.core.id;
      flow.device_id = device.core.id;
      flow.grain_rate = grain_rate_of(*out.format);
      flow.essence = flow_essence_of(*out.format);
      sender.flow_id = flow.core.id;
      r.sources.push_back(std::move(source));
      r.flows.push_back(std::move(flow));
    }
    device.senders.push_back(sender.core.id);
    r.senders.push_back(std::move(sender));
  }

  for (const InputDescription& in : description.inputs) {
    DeviceResource& device = r.devices.at(device_index(in.device));
    ReceiverResource receiver;
    receiver.core = core(ids.make("receiver/" + in.name), version, in.label, in.description);
    if (in.group_hint) receiver.core.tags[kGroupHintTag] = {group_hint_value(*in.group_hint)};
    const st2110::MediaType type = in.format ? st2110::media_type_of(*in.format) : in.media_type;
    receiver.format = nmos_format_of(type);
    receiver.device_id = device.core.id;
    receiver.transport = "urn:x-nmos:transport:rtp.mcast";
    receiver.interface_bindings = bindings_or_all(in.interfaces, description);
    receiver.subscription.active = in.active;
    receiver.media_types = media_types_for(type, in.format);
    if (in.format) receiver.constraint_sets = constraint_sets_for(*in.format);
    device.receivers.push_back(receiver.core.id);
    r.receivers.push_back(std::move(receiver));
  }
  return r;
}

}  // namespace crosspoint::nmos
