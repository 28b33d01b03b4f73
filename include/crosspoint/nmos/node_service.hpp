// The NMOS node as the daemon starts it: one HTTP server, the IS-04 model built from a NodeDescription, the
// Node API, the registration client and DNS-SD. Other NMOS services of the process serve on the same HTTP
// server by taking the NodeService (RegistryService in registry_service.hpp, ConnectionService in
// connection_service.hpp), so the server itself stays inside the nmos library.
//
//   NodeServiceOptions options;
//   options.description = describe_node(config);       // outputs, inputs, interfaces...
//   options.registry_urls = {"http://127.0.0.1:8080"};
//   auto node = NodeService::start(std::move(options), clock);
//   if (!node) log(node.error());
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/nmos/http_server_options.hpp"
#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/nmos/receiver_target.hpp"
#include "crosspoint/nmos/registration.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::nmos {

struct NodeServiceOptions {
  NodeDescription description;  // endpoints empty: filled with the server's address and bound port
  http::ServerOptions server;   // address, port (0: any free port), threads, limits
  std::vector<std::string> registry_urls;  // "http://host:port" or ".../x-nmos/registration/v1.3", preferred first
  bool register_with_registries = true;
  RegistrationOptions registration;
  bool mdns = false;  // advertise _nmos-node._tcp and browse _nmos-register._tcp through avahi-daemon
  // Unicast DNS-SD: browse _nmos-register._tcp.<domain> on this DNS server ("" disables).
  std::string unicast_dns_server;
  std::uint16_t unicast_dns_port = 53;
  std::string unicast_dns_domain;
  TargetApplier target_applier;                 // PUT /receivers/{id}/target
  std::function<void(const std::string&)> log;  // one line per event
};

class NodeService {
 public:
  static Expected<std::unique_ptr<NodeService>, std::string> start(NodeServiceOptions options, const ClockModel& clock);
  ~NodeService();
  NodeService(const NodeService&) = delete;
  NodeService& operator=(const NodeService&) = delete;

  // The IS-04 node resource's id (stable for a given NodeDescription::seed).
  [[nodiscard]] std::string node_id() const;
  // The IS-04 ids of the sender made from engine output `output` and the receiver made from input `input`.
  [[nodiscard]] std::optional<std::string> sender_id(std::string_view output) const;
  [[nodiscard]] std::optional<std::string> receiver_id(std::string_view input) const;
  [[nodiscard]] RegistrationStatus registration_status() const;
  // "http://address:port" of the server, and the port it bound.
  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] std::uint16_t port() const;

  // Adds registries (e.g. the embedded one once it listens) ahead of discovered ones.
  void add_registry_urls(const std::vector<std::string>& urls);
  // Advertises another API of this server over mDNS (e.g. "_nmos-register._tcp" with versions and pri);
  // false when mDNS is off or unavailable.
  bool advertise(const std::string& type, const std::vector<std::string>& versions, int priority);

  // Deregisters (clean shutdown), withdraws advertisements and stops the server.
  void stop();

 private:
  struct Parts;
  // The nmos library's other services reach the server and the model through it (nmos/node/node_service_access.hpp).
  friend struct NodeServiceAccess;
  explicit NodeService(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace crosspoint::nmos
