// The embedded NMOS registry as the daemon runs it: the IS-04 Registration and Query APIs (v1.0 - v1.3, with
// WebSocket subscriptions) served on the node's HTTP server, and the expiry of nodes that stop heart-beating.
//
//   auto registry = RegistryService::start(*node, clock, {.expiry = std::chrono::seconds(12)});
//   if (!registry) log(registry.error());
//   node->add_registry_urls({node->base_url()});  // the node registers into it first
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/nmos/node_service.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::nmos {

// A member of a registry cluster keeps the registry in etcd (v3 API) rather than in this process.
struct EtcdClusterOptions {
  std::vector<std::string> endpoints;                 // "http://127.0.0.1:2379", by preference
  std::string prefix = "/crosspoint/nmos/registry/";  // members with one prefix serve one registry
};

struct RegistryServiceOptions {
  std::chrono::seconds expiry{12};  // nodes silent for longer are removed with their children (IS-04 default)
  std::optional<EtcdClusterOptions> etcd;  // unset: the in-process store
};

class RegistryService {
 public:
  // Serves on `node`'s server, which must outlive the registry; fails when the schemas cannot be loaded.
  static Expected<std::unique_ptr<RegistryService>, std::string> start(NodeService& node, const ClockModel& clock,
                                                                       RegistryServiceOptions options = {});
  ~RegistryService();
  RegistryService(const RegistryService&) = delete;
  RegistryService& operator=(const RegistryService&) = delete;

  // Where the v1.3 APIs answer: "http://address:port/x-nmos/registration/v1.3/" and ".../query/v1.3/".
  [[nodiscard]] std::string registration_url() const;
  [[nodiscard]] std::string query_url() const;
  // Registered resources by IS-04 type, in the plural the APIs use ("nodes", "senders", ...), zeros included.
  [[nodiscard]] std::map<std::string, std::size_t> resource_counts() const;

  // Ends the expiry sweep and closes every subscription WebSocket; call it before the node stops. Idempotent.
  void stop();

 private:
  struct Parts;
  explicit RegistryService(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace crosspoint::nmos
