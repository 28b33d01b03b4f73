#include "crosspoint/nmos/node_service.hpp"

#include <mutex>

#include <boost/asio/steady_timer.hpp>

#include "nmos/discovery/discovered_service.hpp"
#include "nmos/discovery/mdns_service.hpp"
#include "nmos/discovery/registry_discovery.hpp"
#include "nmos/node/node_api.hpp"
#include "nmos/node/node_service_access.hpp"
#include "nmos/registration/registration_client.hpp"

namespace crosspoint::nmos {

struct NodeService::Parts {
  NodeServiceOptions options;
  std::unique_ptr<http::HttpServer> server;
  std::unique_ptr<NodeModel> model;
  std::unique_ptr<NodeApi> api;
  std::unique_ptr<MdnsService> mdns;
  std::unique_ptr<RegistrationClient> registration;
  std::unique_ptr<RegistryDiscovery> discovery;
  std::vector<std::string> extra_registry_urls;
  std::unique_ptr<boost::asio::steady_timer> clock_timer;
  std::mutex mutex;
  bool stopped = false;

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }
  // PTP lock and grandmaster changes reach the node's clocks (and so the registry) within a second.
  void watch_clock() {
    clock_timer->expires_after(std::chrono::seconds(1));
    clock_timer->async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      model->refresh_clocks();
      watch_clock();
    });
  }
  void start_discovery() {
    std::optional<UnicastDiscoveryOptions> unicast;
    if (!options.unicast_dns_server.empty()) {
      UnicastDiscoveryOptions u;
      u.server = DnsServer{options.unicast_dns_server, options.unicast_dns_port};
      u.domain = options.unicast_dns_domain;
      unicast = u;
    }
    std::vector<std::string> urls = extra_registry_urls;
    urls.insert(urls.end(), options.registry_urls.begin(), options.registry_urls.end());
    if (discovery) discovery->stop();
    discovery = std::make_unique<RegistryDiscovery>(
        registry_endpoints_from_urls(urls), unicast, mdns.get(),
        [this](std::vector<RegistryEndpoint> registries) { registration->set_registries(std::move(registries)); },
        options.log);
    discovery->start();
  }
};

NodeService::NodeService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

NodeService::~NodeService() { stop(); }

Expected<std::unique_ptr<NodeService>, std::string> NodeService::start(NodeServiceOptions options,
                                                                       const ClockModel& clock) {
  auto parts = std::make_unique<Parts>();
  parts->options = std::move(options);
  Parts& p = *parts;
  p.server = std::make_unique<http::HttpServer>(p.options.server);
  auto port = p.server->start();
  if (!port) return Unexpected{port.error()};
  if (p.options.description.endpoints.empty())
    p.options.description.endpoints.push_back({p.options.server.address, *port, "http"});
  p.model = std::make_unique<NodeModel>(p.options.description, clock);
  p.api = std::make_unique<NodeApi>(*p.model, p.options.target_applier);
  p.api->add_routes(p.server->router());
  p.clock_timer = std::make_unique<boost::asio::steady_timer>(p.server->io_context());
  p.watch_clock();
  p.log("nmos node " + p.model->node_id() + ": Node API at " + p.server->base_url() + "/x-nmos/node/v1.3/");

  if (p.options.mdns) {
    auto mdns = MdnsService::connect();
    if (mdns) {
      p.mdns = std::move(*mdns);
      auto advertised = p.mdns->advertise(p.options.description.label + " " + p.model->node_id().substr(0, 8),
                                          "_nmos-node._tcp", *port, nmos_txt_records({"v1.2", "v1.3"}, 100));
      if (!advertised) p.log("nmos mDNS: " + advertised.error());
    } else {
      p.log("nmos mDNS unavailable (" + mdns.error() + "); working from configured registries");
    }
  }
  if (p.options.register_with_registries) {
    p.registration = std::make_unique<RegistrationClient>(*p.model, p.options.registration, p.options.log);
    p.registration->start();
    p.start_discovery();
  }
  return std::unique_ptr<NodeService>(new NodeService(std::move(parts)));
}

http::HttpServer& NodeServiceAccess::server(NodeService& node) { return *node.parts_->server; }
NodeModel& NodeServiceAccess::model(NodeService& node) { return *node.parts_->model; }

std::string NodeService::node_id() const { return parts_->model->node_id(); }
std::optional<std::string> NodeService::sender_id(std::string_view output) const {
  return parts_->model->sender_id_for(output);
}
std::optional<std::string> NodeService::receiver_id(std::string_view input) const {
  return parts_->model->receiver_id_for(input);
}
std::string NodeService::base_url() const { return parts_->server->base_url(); }
std::uint16_t NodeService::port() const { return parts_->server->port(); }

RegistrationStatus NodeService::registration_status() const {
  return parts_->registration ? parts_->registration->status() : RegistrationStatus{};
}

void NodeService::add_registry_urls(const std::vector<std::string>& urls) {
  std::lock_guard lock(parts_->mutex);
  parts_->extra_registry_urls.insert(parts_->extra_registry_urls.end(), urls.begin(), urls.end());
  if (parts_->registration) parts_->start_discovery();
}

bool NodeService::advertise(const std::string& type, const std::vector<std::string>& versions, int priority) {
  if (!parts_->mdns) return false;
  auto advertised = parts_->mdns->advertise(parts_->options.description.label + " " + type.substr(1, type.find('.') - 1),
                                            type, parts_->server->port(), nmos_txt_records(versions, priority));
  if (!advertised) parts_->log("nmos mDNS: " + advertised.error());
  return static_cast<bool>(advertised);
}

void NodeService::stop() {
  std::lock_guard lock(parts_->mutex);
  if (parts_->stopped) return;
  parts_->stopped = true;
  if (parts_->discovery) parts_->discovery->stop();
  if (parts_->registration) parts_->registration->stop(true);
  if (parts_->mdns) parts_->mdns->withdraw_all();
  parts_->server->stop();
  // Only now, with no io thread left, is the timer safe to touch from this thread.
  parts_->clock_timer->cancel();
}

}  // namespace crosspoint::nmos
