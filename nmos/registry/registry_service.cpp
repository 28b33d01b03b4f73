#include "crosspoint/nmos/registry_service.hpp"

#include "nmos/node/node_service_access.hpp"
#include "nmos/registry/embedded_registry.hpp"
#include "nmos/resources/resource_type.hpp"

namespace crosspoint::nmos {

struct RegistryService::Parts {
  std::string base_url;
  std::shared_ptr<registry::EmbeddedRegistry> registry;
  bool stopped = false;
};

RegistryService::RegistryService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

RegistryService::~RegistryService() { stop(); }

Expected<std::unique_ptr<RegistryService>, std::string> RegistryService::start(NodeService& node,
                                                                               const ClockModel& clock,
                                                                               RegistryServiceOptions options) {
  http::HttpServer& server = NodeServiceAccess::server(node);
  registry::RegistryOptions registry_options;
  registry_options.garbage_collection_interval = static_cast<Nanoseconds>(options.expiry.count()) * kNanosPerSecond;
  if (options.etcd) {
    registry_options.etcd.emplace();
    registry_options.etcd->endpoints = options.etcd->endpoints;
    registry_options.etcd->prefix = options.etcd->prefix;
  }
  auto created = registry::EmbeddedRegistry::create(clock, server.io_context(), registry_options);
  if (!created) return Unexpected{"embedded registry: " + created.error()};
  auto parts = std::make_unique<Parts>();
  parts->base_url = server.base_url();
  parts->registry = std::move(created.value());
  parts->registry->add_registration_api(server.router());
  parts->registry->add_query_api(server.router());
  parts->registry->start();
  return std::unique_ptr<RegistryService>(new RegistryService(std::move(parts)));
}

std::string RegistryService::registration_url() const { return parts_->base_url + "/x-nmos/registration/v1.3/"; }

std::string RegistryService::query_url() const { return parts_->base_url + "/x-nmos/query/v1.3/"; }

std::map<std::string, std::size_t> RegistryService::resource_counts() const {
  std::map<std::string, std::size_t> counts;
  for (const ResourceType type : kAllResourceTypes)
    counts[std::string(plural_name(type))] = parts_->registry->store().snapshot(type, registry::TimeIndex::kCreated).size();
  return counts;
}

void RegistryService::stop() {
  if (parts_->stopped) return;
  parts_->stopped = true;
  parts_->registry->stop();
}

}  // namespace crosspoint::nmos
