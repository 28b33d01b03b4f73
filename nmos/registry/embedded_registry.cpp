#include "nmos/registry/embedded_registry.hpp"

#include <chrono>

#include <boost/asio/post.hpp>

#include "nmos/registry/embedded_schemas.hpp"
#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/query_api.hpp"
#include "nmos/registry/registration_api.hpp"
#include "nmos/registry/store/etcd_store.hpp"
#include "nmos/registry/store/in_process_store.hpp"
#include "nmos/registry/store/store_health_api.hpp"
#include "nmos/registry/subscriptions_api.hpp"

namespace crosspoint::nmos::registry {

Expected<std::shared_ptr<EmbeddedRegistry>, std::string> EmbeddedRegistry::create(const ClockModel& clock,
                                                                               boost::asio::io_context& io,
                                                                               RegistryOptions options) {
  auto schemas = options.schema_directory ? SchemaValidator::from_directory(*options.schema_directory)
                                          : SchemaValidator::from_texts(embedded_is04_schemas());
  if (!schemas) return Unexpected{schemas.error()};
  for (const char* needed : {"node.json", "device.json", "source.json", "flow.json", "sender.json", "receiver.json",
                             "queryapi-subscriptions-post-request.json"}) {
    if (!schemas->has_schema(needed)) return Unexpected{std::string("the schema set has no ") + needed};
  }
  if (options.query_api_id.empty()) options.query_api_id = make_random_nmos_id();
  std::shared_ptr<RegistryStore> store;
  if (options.etcd) {
    auto etcd = EtcdStore::create(clock, *options.etcd, options.garbage_collection_interval, options.query_api_id);
    if (!etcd) return Unexpected{etcd.error()};
    store = std::move(*etcd);
  } else {
    store = std::make_shared<InProcessStore>(clock, options.garbage_collection_interval);
  }
  return std::shared_ptr<EmbeddedRegistry>(new EmbeddedRegistry(clock, io, std::move(options),
                                                              std::make_shared<const SchemaValidator>(std::move(*schemas)),
                                                              std::move(store)));
}

EmbeddedRegistry::EmbeddedRegistry(const ClockModel& clock, boost::asio::io_context& io, RegistryOptions options,
                                 std::shared_ptr<const SchemaValidator> schemas, std::shared_ptr<RegistryStore> store)
    : options_(std::move(options)),
      io_(io),
      schemas_(std::move(schemas)),
      store_(std::move(store)),
      hub_(SubscriptionHub::create(store_->view(), clock, io, options_.query_api_id)),
      sweep_timer_(io) {}

EmbeddedRegistry::~EmbeddedRegistry() {
  sweep_timer_.cancel();
  store_->stop();
}

void EmbeddedRegistry::add_registration_api(http::Router& router) { registry::add_registration_api(router, store_, schemas_); }

void EmbeddedRegistry::add_query_api(http::Router& router) {
  registry::add_query_api(router, store_->shared_view(), options_.paging,
                          [store = std::shared_ptr<const RegistryStore>(store_)] { return store->stale(); });
  add_store_health_api(router, store_);
  add_subscriptions_api(router, hub_, schemas_, options_.transport);
}

void EmbeddedRegistry::start() {
  stopped_ = false;
  boost::asio::post(io_, [weak = weak_from_this()] {
    if (auto alive = weak.lock()) alive->sweep();
  });
}

void EmbeddedRegistry::stop() {
  stopped_ = true;
  hub_->close_all();
}

void EmbeddedRegistry::sweep() {
  if (stopped_) return;
  const Nanoseconds now = monotonic_raw_now();
  store_->sweep(now);
  hub_->expire_unused(now, options_.unused_subscription_lifetime);
  sweep_timer_.expires_after(std::chrono::nanoseconds(options_.sweep_interval));
  sweep_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto alive = weak.lock()) alive->sweep();
  });
}

}  // namespace crosspoint::nmos::registry
