#include "daemon.hpp"

#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include <atomic>

#include "connection_description_from_config.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/nmos/node_service.hpp"
#include "crosspoint/nmos/registry_service.hpp"
#include "crosspoint/ptp/clock.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "engine_connection_backend.hpp"
#include "log.hpp"
#include "metrics/daemon_metrics.hpp"
#include "panel/panel_site.hpp"
#include "thumbnail/thumbnail_site.hpp"
#include "node_description_from_config.hpp"

namespace crosspoint::app {

struct Daemon::Parts {
  ClockModel clock;  // first up, last down: every part reads time from it
  std::unique_ptr<ptp::Clock> ptp;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<nmos::NodeService> node;
  std::unique_ptr<nmos::RegistryService> registry;
  // IS-05 and the routes API, carried out on the engine; PUT /receivers/{id}/target goes through it too.
  std::unique_ptr<EngineConnectionBackend> backend;
  std::unique_ptr<nmos::ConnectionService> connection;
  std::atomic<nmos::ConnectionService*> target_connection{nullptr};
  std::unique_ptr<ThumbnailService> thumbnails;  // taps the engine while pictures are asked for
  std::unique_ptr<PanelFeed> panel_feed;  // reads every part above: stops first
  std::map<std::string, std::uint64_t> stalls_logged;  // per engine thread, the stalls log_status has reported
};

Daemon::Daemon(DaemonConfig config) : config_(std::move(config)), parts_(std::make_unique<Parts>()) {}

Daemon::~Daemon() { stop(); }

namespace {

bool start_ptp(const PtpSection& section, ClockModel& clock, std::unique_ptr<ptp::Clock>& out) {
  if (!section.enabled) {
    log(LogLevel::kInfo, "ptp", "disabled: the clock runs free from the host's time");
    return true;
  }
  auto created = ptp::Clock::create(section.clock, clock);
  if (!created) {
    // A bad profile value is a configuration error; a missing interface is not fatal for the embedded default.
    log(LogLevel::kError, "ptp", created.error());
    return false;
  }
  out = std::move(created.value());
  out->set_event_log([](const std::string& line) { log(LogLevel::kInfo, "ptp", line); });
  out->start();
  log(LogLevel::kInfo, "ptp",
      "ordinary clock " + out->identity().to_string() + " on " + section.clock.interface + ", domain " +
          std::to_string(section.clock.domain));
  return true;
}

bool start_engine(const DaemonConfig& config, const ClockModel& clock, std::unique_ptr<engine::Engine>& out) {
  if (config.engine.ports.empty()) {
    log(LogLevel::kInfo, "engine", "no ports configured: the packet engine stays down");
    return true;
  }
  engine::EngineConfig engine_config = config.engine;
  engine_config.hold_replays = true;  // played once the configured routes are armed: from their first frame
  out = std::make_unique<engine::Engine>(std::move(engine_config), clock);
  if (auto started = out->start(); !started) {
    log(LogLevel::kError, "engine", started.error().message);
    return false;
  }
  for (const auto& input : config.inputs) {
    if (auto added = out->add_input(input.engine); !added) {
      log(LogLevel::kError, "engine", "input " + input.engine.id + ": " + added.error().message);
      return false;
    }
  }
  for (const auto& output : config.outputs) {
    if (auto added = out->add_output(output.engine); !added) {
      log(LogLevel::kError, "engine", "output " + output.engine.id + ": " + added.error().message);
      return false;
    }
  }
  for (const auto& [output, input] : config.routes) {
    if (auto armed = out->arm_route(output, input); !armed) {
      log(LogLevel::kError, "engine", "route " + output + " <- " + input + ": " + armed.error().message);
      return false;
    }
    log(LogLevel::kInfo, "engine", "route armed: " + output + " <- " + input);
  }
  out->play_replays();
  log(LogLevel::kInfo, "engine",
      "mempools: " + std::to_string(config.engine.mempools.packet_mbufs) + " packet mbufs, " +
          std::to_string(config.engine.mempools.header_mbufs) + " header mbufs (fan-out copies)");
  log(LogLevel::kInfo, "engine",
      std::to_string(config.engine.ports.size()) + " ports, " + std::to_string(config.inputs.size()) + " inputs, " +
          std::to_string(config.outputs.size()) + " outputs");
  return true;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "crosspoint";
}

void log_nmos(const std::string& line) {
  const std::string_view prefix = "nmos ";
  log(LogLevel::kInfo, "nmos", line.starts_with(prefix) ? std::string_view(line).substr(prefix.size()) : line);
}

// The Node API, and unless told otherwise the embedded Registration and Query APIs on the same server, with
// the node registered into the embedded registry first and into configured ones after it.
// The engine ports' MAC addresses, as the engine sends with them.
std::map<std::string, st2110::MacAddress> port_macs(const DaemonConfig& config, const engine::Engine* engine) {
  std::map<std::string, st2110::MacAddress> macs;
  if (engine == nullptr) return macs;
  for (const auto& port : config.engine.ports) {
    if (const auto status = engine->port_status(port.name)) macs[port.name] = status->mac;
  }
  return macs;
}

bool start_nmos(const DaemonConfig& config, const ClockModel& clock, const engine::Engine* engine,
                std::unique_ptr<nmos::NodeService>& node_out,
                std::unique_ptr<nmos::RegistryService>& registry_out,
                std::atomic<nmos::ConnectionService*>& connection) {
  const NmosSection& section = config.nmos;
  if (!section.enabled) {
    log(LogLevel::kInfo, "nmos", "disabled");
    return true;
  }
  nmos::NodeServiceOptions options;
  options.description = describe_node(config, host_name(), port_macs(config, engine));
  // The Connection API serves whenever the engine runs (start_connection_api, right after the node).
  options.description.connection_api = engine != nullptr;
  options.server.address = section.address;
  options.server.port = section.port;
  options.server.threads = section.threads;
  options.registration.heartbeat_interval = std::chrono::seconds(section.heartbeat_interval_s);
  options.registry_urls = section.registries;
  options.mdns = section.dns_sd;
  options.log = log_nmos;
  // IS-04's connection request, as IS-05 asks: staged and activated immediately through the Connection API.
  options.target_applier = [&connection](const nmos::ReceiverTarget& target) -> std::optional<std::string> {
    nmos::ConnectionService* service = connection.load();
    const std::string what = "receiver " + target.receiver_id + " target " +
                             (target.sender ? target.sender->value("id", "?") : std::string("none"));
    if (service == nullptr) {
      log(LogLevel::kInfo, "nmos", what + " recorded (no engine: nothing to activate)");
      return std::nullopt;
    }
    auto refused = service->apply_target(target);
    log(refused ? LogLevel::kWarning : LogLevel::kInfo, "nmos", what + (refused ? " refused: " + *refused : " activated"));
    return refused;
  };
  auto node = nmos::NodeService::start(std::move(options), clock);
  if (!node) {
    log(LogLevel::kError, "nmos", node.error());
    return false;
  }
  node_out = std::move(node.value());
  const std::string base = node_out->base_url();
  log(LogLevel::kInfo, "nmos", "Node API         " + base + "/x-nmos/node/v1.3/");

  if (section.embedded_registry) {
    nmos::RegistryServiceOptions registry_options{.expiry = std::chrono::seconds(section.registry_expiry_s)};
    if (section.registry_store == "etcd") {
      registry_options.etcd = nmos::EtcdClusterOptions{section.etcd_endpoints, section.etcd_prefix};
      log(LogLevel::kInfo, "nmos", "registry store: etcd at " + section.etcd_endpoints.front() + " (" +
                                       std::to_string(section.etcd_endpoints.size()) + " endpoints)");
    }
    auto registry = nmos::RegistryService::start(*node_out, clock, registry_options);
    if (!registry) {
      log(LogLevel::kError, "nmos", registry.error());
      return false;
    }
    registry_out = std::move(registry.value());
    node_out->add_registry_urls({base});
    node_out->advertise("_nmos-register._tcp", {"v1.3"}, static_cast<int>(section.registry_priority));
    node_out->advertise("_nmos-query._tcp", {"v1.3"}, static_cast<int>(section.registry_priority));
    log(LogLevel::kInfo, "nmos", "Registration API " + registry_out->registration_url());
    log(LogLevel::kInfo, "nmos", "Query API        " + registry_out->query_url());
  }
  return true;
}

// The IS-05 Connection API and /x-crosspoint/v1/routes on the node's server, carried out by the engine.
bool start_connection_api(const DaemonConfig& config, const ClockModel& clock, engine::Engine& engine,
                          nmos::NodeService& node, std::unique_ptr<EngineConnectionBackend>& backend_out,
                          std::unique_ptr<nmos::ConnectionService>& connection_out) {
  std::vector<engine::OutputConfig> outputs;
  for (const auto& output : config.outputs) outputs.push_back(output.engine);
  backend_out = std::make_unique<EngineConnectionBackend>(engine, clock, std::move(outputs));
  try {
    connection_out = nmos::ConnectionService::serve(node, describe_connections(config, node, port_macs(config, &engine)),
                                                    *backend_out, clock);
  } catch (const std::invalid_argument& error) {
    log(LogLevel::kError, "nmos", std::string("Connection API: ") + error.what());
    return false;
  }
  const std::string base = node.base_url();
  log(LogLevel::kInfo, "nmos", "Connection API   " + base + "/x-nmos/connection/v1.1/");
  log(LogLevel::kInfo, "nmos", "Routes API       " + base + "/x-crosspoint/v1/routes");
  return true;
}

// Every input and output, with its format, for the thumbnail service.
std::vector<WatchableFlow> watchable_flows(const DaemonConfig& config) {
  std::vector<WatchableFlow> flows;
  for (const auto& input : config.inputs) flows.push_back({engine::TapPoint::kInput, input.engine.id, input.format, input.label});
  for (const auto& output : config.outputs) flows.push_back({engine::TapPoint::kOutput, output.engine.id, output.format, output.label});
  return flows;
}

}  // namespace

bool Daemon::start() {
  if (!start_ptp(config_.ptp, parts_->clock, parts_->ptp)) return false;
  if (!start_engine(config_, parts_->clock, parts_->engine)) return false;
  if (!start_nmos(config_, parts_->clock, parts_->engine.get(), parts_->node, parts_->registry,
                  parts_->target_connection)) {
    return false;
  }
  if (!parts_->node) return true;
  const std::string metrics_url = serve_metrics(
      *parts_->node, {parts_->engine.get(), parts_->ptp.get(), parts_->node.get(), parts_->registry.get()});
  log(LogLevel::kInfo, "app", "Metrics          " + metrics_url);
  PanelSite panel = serve_panel(*parts_->node, {&config_, &parts_->clock, parts_->engine.get(), parts_->ptp.get(),
                                                 parts_->node.get()});
  parts_->panel_feed = std::move(panel.feed);
  log(LogLevel::kInfo, "app", "Panel            " + panel.url);
  if (!parts_->engine) return true;
  parts_->thumbnails = std::make_unique<ThumbnailService>(*parts_->engine, watchable_flows(config_));
  serve_thumbnails(*parts_->node, *parts_->thumbnails);
  log(LogLevel::kInfo, "app", "Thumbnails       " + parts_->node->base_url() + "/x-crosspoint/v1/thumbnails/inputs/{id}");
  if (!start_connection_api(config_, parts_->clock, *parts_->engine, *parts_->node, parts_->backend,
                            parts_->connection)) {
    return false;
  }
  parts_->target_connection.store(parts_->connection.get());
  return true;
}

namespace {

// A warning for every engine thread that stalled since the last status: its packets went out late.
void warn_of_stalls(const std::vector<engine::ThreadStats>& threads, std::map<std::string, std::uint64_t>& stalls_logged) {
  for (const auto& thread : threads) {
    std::uint64_t& logged = stalls_logged[thread.name];
    if (thread.stalls == logged) continue;
    std::ostringstream text;
    text << thread.name << " lost its core for more than 1 ms " << thread.stalls - logged << " times since the last status ("
         << thread.stalls << " in all, the longest " << std::fixed << std::setprecision(1)
         << static_cast<double>(thread.stall_max_ns) / 1e6
         << " ms): the kernel ran other work on its core, and paced packets went out that late; give the engine "
            "cores of its own (README \"Real-time threads\")";
    log(LogLevel::kWarning, "engine", text.str());
    logged = thread.stalls;
  }
}

}  // namespace

void Daemon::log_status() const {
  std::ostringstream line;
  if (parts_->ptp) {
    const auto status = parts_->ptp->status();
    line << "ptp " << to_string(status.port_state) << " gm " << status.grandmaster_identity.to_string()
         << " offset " << status.offset_from_master_ns << " ns" << (status.locked ? " locked" : " unlocked") << "; ";
  }
  line << "time " << parts_->clock.now().to_nmos_string();
  if (parts_->engine) {
    const auto stats = parts_->engine->stats();
    for (const auto& input : stats.inputs) line << "; in " << input.id << " " << input.packets << " pkts " << input.frames << " frames";
    for (const auto& output : stats.outputs) line << "; out " << output.id << " " << output.packets << " pkts " << output.frames << " frames";
    warn_of_stalls(stats.threads, parts_->stalls_logged);
  }
  log(LogLevel::kInfo, "status", line.str());
}

unsigned Daemon::remove_outputs_on_port(const std::string& port) {
  unsigned removed = 0;
  if (!parts_->engine) return removed;
  for (const auto& output : config_.outputs) {
    const auto& legs = output.engine.legs;
    if (std::none_of(legs.begin(), legs.end(), [&](const auto& leg) { return leg.port == port; })) continue;
    if (parts_->engine->remove_output(output.engine.id)) ++removed;
  }
  return removed;
}

void Daemon::stop() {
  // Subscription sockets close while the io threads still run; then the node deregisters while the engine
  // still runs, so controllers never see resources that no longer send.
  parts_->panel_feed.reset();
  if (parts_->registry) parts_->registry->stop();
  if (parts_->node) parts_->node->stop();
  // No request reaches the Connection API now; activations still pending are dropped with it.
  parts_->target_connection.store(nullptr);
  parts_->connection.reset();
  parts_->backend.reset();
  parts_->thumbnails.reset();
  if (parts_->engine) parts_->engine->stop();
  if (parts_->ptp) parts_->ptp->stop();
}

}  // namespace crosspoint::app
