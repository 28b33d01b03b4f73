// What the daemon tells NMOS about this node, as plain values: identity, where the APIs are, network
// interfaces, clocks, and the engine's outputs (each becomes a source, a flow and a sender) and inputs (each
// becomes a receiver). The IS-04 resource model is built from it; JSON never reaches the daemon.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::nmos {

// Where one instance of the Node API (and the other APIs on that port) can be reached.
struct ApiEndpointDescription {
  std::string host;  // IP address or resolvable hostname, as controllers should use it
  std::uint16_t port = 0;
  std::string protocol = "http";
};

// The switch port an interface is cabled to, as that switch's LLDP tells it (IS-04 v1.3
// attached_network_device): each id a MAC as "xx-xx-xx-xx-xx-xx" or any other non-empty text.
struct AttachedNetworkDevice {
  std::string chassis_id;
  std::string port_id;
};

struct InterfaceDescription {
  std::string name;        // e.g. "eth0"; senders and receivers bind to it by name
  std::string chassis_id;  // LLDP chassis id, MAC as "xx-xx-xx-xx-xx-xx"; empty: unknown (null)
  std::string port_id;     // LLDP port id, MAC as "xx-xx-xx-xx-xx-xx"
  std::optional<AttachedNetworkDevice> attached;  // none: not known
};

// BCP-002-02 distinguishing information of the node and its devices (urn:x-nmos:tag:asset:* tags).
struct AssetDescription {
  std::string manufacturer = "crosspoint";
  std::string product = "crosspoint gateway";
  std::string instance_id;  // e.g. a serial number; empty: the node's seed
};

// BCP-002-01 natural group membership of a sender or receiver, the tag "<group>:<role>[:node]". Neither part
// may hold ':' and a role is unique within its group (the daemon's configuration checks both).
struct GroupHint {
  std::string group;
  std::string role;
  bool node_scope = false;  // the group spans the node's devices; default: this device only
  friend bool operator==(const GroupHint&, const GroupHint&) = default;
};

enum class ClockKind : std::uint8_t { kPtp, kInternal };

// A clock the node exposes; a PTP clock's gmid, traceable and locked come from ClockModel::traceability().
struct ClockDescription {
  std::string name = "clk0";
  ClockKind kind = ClockKind::kPtp;
};

struct DeviceDescription {
  std::string name = "main";  // stable key for the device's id
  std::string label = "crosspoint";
  std::string description;
  std::vector<std::string> functions = {"Router", "Gateway"};  // BCP-002-02 asset function tag
};

// An engine output: one source + flow + sender.
struct OutputDescription {
  std::string name;  // stable key (the engine's output id): ids derive from it
  std::string label;
  std::string description;
  std::string device;  // DeviceDescription::name; empty: the first device
  st2110::MediaType media_type = st2110::MediaType::kVideo;
  std::optional<st2110::MediaFormat> format;  // no format: a sender without a flow (flow_id null)
  bool multicast = true;                      // rtp.mcast, else rtp.ucast
  bool active = true;                         // sending now
  std::vector<std::string> interfaces;        // interface names; two for ST 2022-7
  std::vector<std::string> audio_channel_labels;  // audio: one per channel; empty: "Channel 1"...
  std::optional<GroupHint> group_hint;            // none: no grouphint tag
};

// An engine input: one receiver.
struct InputDescription {
  std::string name;  // stable key (the engine's input id)
  std::string label;
  std::string description;
  std::string device;
  st2110::MediaType media_type = st2110::MediaType::kVideo;
  std::optional<st2110::MediaFormat> format;  // the only format it accepts: BCP-004 constraint sets
  bool active = false;
  std::vector<std::string> interfaces;
  std::optional<GroupHint> group_hint;  // none: no grouphint tag
};

struct NodeDescription {
  std::string seed;  // same seed, same UUIDs: restarts keep the ids controllers know
  std::string label = "crosspoint";
  std::string description = "crosspoint ST 2110 gateway";
  std::string hostname;
  std::map<std::string, std::vector<std::string>> tags;
  AssetDescription asset;  // the node's and its devices' (several devices suffix the instance id with their name)
  std::vector<ApiEndpointDescription> endpoints;  // the first is used for hrefs
  std::vector<InterfaceDescription> interfaces;
  std::vector<ClockDescription> clocks = {ClockDescription{}};
  std::vector<DeviceDescription> devices = {DeviceDescription{}};
  std::vector<OutputDescription> outputs;
  std::vector<InputDescription> inputs;
  // Advertise the IS-05 Connection API (device control, sender manifest_href); off until that API answers, so
  // nothing points controllers at /x-nmos/connection before it exists.
  bool connection_api = false;
};

}  // namespace crosspoint::nmos
