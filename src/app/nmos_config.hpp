// How the daemon serves NMOS: where the APIs listen, the node's identity, and which registries it uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/nmos/node_description.hpp"

namespace crosspoint::app {

struct NmosSection {
  bool enabled = true;
  std::string address = "127.0.0.1";  // the APIs listen here and advertise it in their hrefs
  std::uint16_t port = 8080;          // Node API and (when embedded) Registration/Query API
  unsigned threads = 2;
  std::string label = "crosspoint";
  std::string seed;                   // stable UUIDs across restarts; empty: derived from the hostname
  bool embedded_registry = true;      // run the Registration and Query APIs in this process
  unsigned heartbeat_interval_s = 5;
  unsigned registry_expiry_s = 12;
  // nmos.registry: where the embedded registry keeps its resources.
  std::string registry_store = "in-process";  // or "etcd": one member of a registry cluster
  std::vector<std::string> etcd_endpoints;    // with "etcd": http://host:port of the etcd members
  std::string etcd_prefix = "/crosspoint/nmos/registry/";  // members sharing a prefix share one registry
  unsigned registry_priority = 100;  // DNS-SD "pri" of the Registration and Query APIs (lower is preferred)
  std::vector<std::string> registries;  // Registration API base URLs by priority; the embedded one is added
  bool dns_sd = false;                  // advertise and browse with DNS-SD (needs avahi-daemon)
  nmos::AssetDescription asset;         // BCP-002-02 tags of the node and its device (nmos.asset)
  std::optional<std::vector<std::string>> functions;  // the device's asset functions; none: its default
};

}  // namespace crosspoint::app
