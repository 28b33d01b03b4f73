// The IS-04 registration client: registers the node and then its resources in dependency order with the
// preferred registry, heartbeats, posts every change, re-registers everything when a heartbeat says 404,
// fails over to the next registry by priority when one stops answering and back to the preferred one once it
// answers again, backs off exponentially when none answers, and deletes its resources on a clean stop. It runs on its own thread with a blocking Beast client.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "crosspoint/nmos/registration.hpp"
#include "nmos/http/http_client.hpp"
#include "nmos/node/node_model.hpp"
#include "nmos/registration/registry_endpoint.hpp"

namespace crosspoint::nmos {

class RegistrationClient {
 public:
  using Log = std::function<void(const std::string&)>;

  RegistrationClient(NodeModel& model, RegistrationOptions options, Log log = {});
  ~RegistrationClient();
  RegistrationClient(const RegistrationClient&) = delete;
  RegistrationClient& operator=(const RegistrationClient&) = delete;

  // Replaces the candidate registries (config, DNS-SD browse results); safe from any thread. When the
  // registry in use is no longer listed, or a preferred one appears, the client moves.
  void set_registries(std::vector<RegistryEndpoint> registries);

  void start();
  // Stops the thread; with `deregister`, first deletes the node's resources from the registry (children first).
  void stop(bool deregister = true);

  [[nodiscard]] RegistrationStatus status() const;

 private:
  enum class Outcome { kOk, kNotFound, kRegistryFailed };

  void run();
  // One attempt at a registry: full registration, then heartbeats and updates until it fails or we stop.
  Outcome serve(const RegistryEndpoint& registry);
  Outcome register_all(const RegistryEndpoint& registry);
  Outcome post_resource(const RegistryEndpoint& registry, ResourceType type, const nlohmann::json& resource);
  Outcome heartbeat(const RegistryEndpoint& registry);
  void deregister(const RegistryEndpoint& registry);
  [[nodiscard]] std::vector<RegistryEndpoint> candidates() const;
  [[nodiscard]] bool preferred_registry_appeared(const RegistryEndpoint& current) const;
  // A registry preferred to `current` that answers now, or nullptr.
  [[nodiscard]] std::optional<RegistryEndpoint> preferred_registry_answering(const RegistryEndpoint& current) const;
  void record_error(std::string error);

  NodeModel& model_;
  RegistrationOptions options_;
  Log log_;
  http::HttpClient client_;
  std::uint64_t observer_token_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<RegistryEndpoint> registries_;
  std::uint64_t registries_generation_ = 0;
  std::set<std::pair<ResourceType, std::string>> pending_changes_;
  bool stopping_ = false;
  bool deregister_on_stop_ = true;
  RegistrationStatus status_;
  std::thread thread_;
};

}  // namespace crosspoint::nmos
