// EmbeddedRegistry: crosspoint's embedded NMOS registry. It owns the store (in-process, or etcd for a member of
// a registry cluster), the schemas and the subscriptions, serves the Registration API and the Query API on the
// routers it is given, and sweeps out nodes that stop heart-beating and subscriptions nobody uses.
//
//   auto registry = EmbeddedRegistry::create(clock, server.io_context(), RegistryOptions{});
//   registry.value()->add_registration_api(server.router());
//   registry.value()->add_query_api(server.router());
//   registry.value()->start();
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "nmos/http/router.hpp"
#include "nmos/registry/paging.hpp"
#include "nmos/registry/resource_store.hpp"
#include "nmos/registry/store/etcd_store_options.hpp"
#include "nmos/registry/store/registry_store.hpp"
#include "nmos/registry/schema_validator.hpp"
#include "nmos/registry/subscription_hub.hpp"

namespace crosspoint::nmos::registry {

struct RegistryOptions {
  // Nodes silent for longer than this are removed with their children (IS-04 default: 12 s).
  Nanoseconds garbage_collection_interval = 12 * kNanosPerSecond;
  // How often expiry is checked; expiry happens at most this late.
  Nanoseconds sweep_interval = kNanosPerSecond / 4;
  // Non-persistent subscriptions that nobody connects to are removed after this.
  Nanoseconds unused_subscription_lifetime = 60 * kNanosPerSecond;
  PagingLimits paging{100, 1000};
  // The IS-04 v1.3 schema files; unset uses the copies compiled into the binary.
  std::optional<std::filesystem::path> schema_directory;
  // How the Query API is served: ws:// without authorization unless TLS and auth are put in front.
  SubscriptionTransport transport;
  // The Query API instance id (grains' source_id); random when empty.
  std::string query_api_id;
  // Unset: the in-process store. Set: this registry is one member of a cluster kept in etcd.
  std::optional<EtcdStoreOptions> etcd;
};

class EmbeddedRegistry : public std::enable_shared_from_this<EmbeddedRegistry> {
 public:
  // Fails when the schemas cannot be loaded.
  static Expected<std::shared_ptr<EmbeddedRegistry>, std::string> create(const ClockModel& clock,
                                                                        boost::asio::io_context& io,
                                                                        RegistryOptions options);
  ~EmbeddedRegistry();

  // /x-nmos/registration/{v1.0..v1.3}/...
  void add_registration_api(http::Router& router);
  // /x-nmos/query/{v1.0..v1.3}/... including subscriptions and their WebSockets.
  void add_query_api(http::Router& router);

  // Starts the periodic expiry sweep on the io_context. stop() ends it and closes every subscription WebSocket;
  // call it before the server stops, and destroy the service before the io_context (it owns timers on it).
  void start();
  void stop();

  [[nodiscard]] ResourceStore& store() { return store_->view(); }
  [[nodiscard]] RegistryStore& registry_store() { return *store_; }
  [[nodiscard]] SubscriptionHub& subscriptions() { return *hub_; }
  [[nodiscard]] const SchemaValidator& schemas() const { return *schemas_; }
  [[nodiscard]] const RegistryOptions& options() const { return options_; }

 private:
  EmbeddedRegistry(const ClockModel& clock, boost::asio::io_context& io, RegistryOptions options,
                   std::shared_ptr<const SchemaValidator> schemas, std::shared_ptr<RegistryStore> store);
  void sweep();

  RegistryOptions options_;
  boost::asio::io_context& io_;
  std::shared_ptr<const SchemaValidator> schemas_;
  std::shared_ptr<RegistryStore> store_;
  std::shared_ptr<SubscriptionHub> hub_;
  boost::asio::steady_timer sweep_timer_;  // touched only on io threads, and by the destructor
  std::atomic<bool> stopped_{false};
};

}  // namespace crosspoint::nmos::registry
