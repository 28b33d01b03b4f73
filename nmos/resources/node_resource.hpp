// The Node resource (node.json): where its API is, its clocks and its network interfaces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

struct NodeApiEndpoint {
  std::string host;
  std::uint16_t port = 0;
  std::string protocol = "http";
  bool authorization = false;
};

struct NodeServiceEndpoint {
  std::string href;
  std::string type;  // URN
  bool authorization = false;
};

// A PTP clock (clock_ptp.json): gmid as "xx-xx-xx-xx-xx-xx-xx-xx", lower case.
struct PtpClock {
  std::string name;
  bool traceable = false;
  std::string gmid;
  bool locked = false;
  friend bool operator==(const PtpClock&, const PtpClock&) = default;
};

// A free-running clock of the node itself (clock_internal.json).
struct InternalClock {
  std::string name;
  friend bool operator==(const InternalClock&, const InternalClock&) = default;
};

using NodeClock = std::variant<PtpClock, InternalClock>;

struct NodeInterface {
  std::string name;
  std::optional<std::string> chassis_id;  // MAC "xx-xx-..." or free form; null where LLDP does not apply
  std::string port_id;                    // MAC "xx-xx-xx-xx-xx-xx"
  std::optional<std::string> attached_chassis_id;  // v1.3 attached_network_device, when known
  std::optional<std::string> attached_port_id;
};

struct NodeResource {
  ResourceCore core;
  std::string href;  // deprecated but required: "http://host:port/"
  std::string hostname;
  std::vector<std::string> api_versions;
  std::vector<NodeApiEndpoint> endpoints;
  std::vector<NodeServiceEndpoint> services;
  std::vector<NodeClock> clocks;
  std::vector<NodeInterface> interfaces;
};

nlohmann::json to_json(const NodeResource& node);

}  // namespace crosspoint::nmos
