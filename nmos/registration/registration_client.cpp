#include "nmos/registration/registration_client.hpp"

#include <algorithm>

#include "nmos/resources/version_conform.hpp"

namespace crosspoint::nmos {

using Clock = std::chrono::steady_clock;

RegistrationClient::RegistrationClient(NodeModel& model, RegistrationOptions options, Log log)
    : model_(model), options_(options), log_(std::move(log)), client_(options.request_timeout) {
  observer_token_ = model_.observe([this](const ResourceChange& change) {
    {
      std::lock_guard lock(mutex_);
      pending_changes_.emplace(change.type, change.id);
    }
    wake_.notify_all();
  });
}

RegistrationClient::~RegistrationClient() {
  stop(deregister_on_stop_);
  model_.unobserve(observer_token_);
}

void RegistrationClient::set_registries(std::vector<RegistryEndpoint> registries) {
  std::stable_sort(registries.begin(), registries.end(),
                   [](const RegistryEndpoint& a, const RegistryEndpoint& b) { return a.priority < b.priority; });
  {
    std::lock_guard lock(mutex_);
    if (registries == registries_) return;
    registries_ = std::move(registries);
    ++registries_generation_;
  }
  wake_.notify_all();
}

void RegistrationClient::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void RegistrationClient::stop(bool deregister) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    deregister_on_stop_ = deregister;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

RegistrationStatus RegistrationClient::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::vector<RegistryEndpoint> RegistrationClient::candidates() const {
  std::lock_guard lock(mutex_);
  return registries_;
}

bool RegistrationClient::preferred_registry_appeared(const RegistryEndpoint& current) const {
  std::lock_guard lock(mutex_);
  const auto listed = std::find(registries_.begin(), registries_.end(), current);
  if (listed == registries_.end()) return true;  // ours is gone: move
  return !registries_.empty() && registries_.front().priority < current.priority;
}

std::optional<RegistryEndpoint> RegistrationClient::preferred_registry_answering(const RegistryEndpoint& current) const {
  http::HttpClient probe(options_.request_timeout);  // its own connection: the one to `current` stays
  for (const RegistryEndpoint& candidate : candidates()) {
    if (candidate.priority >= current.priority) break;
    const auto response = probe.request(http::Method::get, candidate.base_url + "/");
    if (response && response->result_int() == 200) return candidate;
  }
  return std::nullopt;
}

void RegistrationClient::record_error(std::string error) {
  if (log_) log_("nmos registration: " + error);
  std::lock_guard lock(mutex_);
  status_.last_error = std::move(error);
}

void RegistrationClient::run() {
  auto backoff = options_.backoff_initial;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    const std::vector<RegistryEndpoint> registries = candidates();
    bool served = false;
    for (std::size_t i = 0; i < registries.size(); ++i) {
      const std::uint64_t registrations_before = status().registrations;
      const Outcome outcome = serve(registries[i]);
      if (status().registrations != registrations_before) backoff = options_.backoff_initial;
      if (outcome == Outcome::kOk) {
        served = true;  // left on purpose (stop, or a better registry): start again from the top
        break;
      }
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        if (i + 1 < registries.size()) ++status_.failovers;
      }
      if (log_ && i + 1 < registries.size())
        log_("nmos registration: failing over from " + registries[i].base_url + " to " + registries[i + 1].base_url);
    }
    if (served) continue;
    // No registry answered (or none is known): wait, doubling the wait each round, unless the list changes.
    std::unique_lock lock(mutex_);
    const std::uint64_t generation = registries_generation_;
    wake_.wait_for(lock, registries.empty() ? options_.backoff_max : backoff,
                   [&] { return stopping_ || registries_generation_ != generation; });
    if (registries_generation_ == generation) backoff = std::min(backoff * 2, options_.backoff_max);
  }
}

RegistrationClient::Outcome RegistrationClient::serve(const RegistryEndpoint& registry) {
  if (register_all(registry) != Outcome::kOk) return Outcome::kRegistryFailed;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    status_.registered = true;
    status_.registry = registry.base_url;
    ++status_.registrations;
    generation = registries_generation_;
  }
  if (log_) log_("nmos registration: registered with " + registry.base_url);
  auto lost = [this] {
    std::lock_guard lock(mutex_);
    status_.registered = false;
    status_.registry.clear();
    return Outcome::kRegistryFailed;
  };

  auto next_heartbeat = Clock::now() + options_.heartbeat_interval;
  auto next_recheck = Clock::now() + options_.preferred_recheck;
  for (;;) {
    std::set<std::pair<ResourceType, std::string>> changes;
    bool stopping = false;
    bool list_changed = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_heartbeat, [&] {
        return stopping_ || !pending_changes_.empty() || registries_generation_ != generation;
      });
      stopping = stopping_;
      list_changed = registries_generation_ != generation;
      generation = registries_generation_;
      changes.swap(pending_changes_);
    }
    if (stopping) {
      if (deregister_on_stop_) deregister(registry);
      std::lock_guard lock(mutex_);
      status_.registered = false;
      status_.registry.clear();
      return Outcome::kOk;
    }
    if (list_changed && preferred_registry_appeared(registry)) {
      std::lock_guard lock(mutex_);
      status_.registered = false;
      status_.registry.clear();
      return Outcome::kOk;
    }
    for (const auto& [type, id] : changes) {
      const auto resource = model_.find(type, id);
      if (!resource) continue;
      if (post_resource(registry, type, *resource) != Outcome::kOk) return lost();
      std::lock_guard lock(mutex_);
      ++status_.updates;
    }
    if (Clock::now() < next_heartbeat) continue;
    next_heartbeat += options_.heartbeat_interval;
    if (Clock::now() > next_heartbeat) next_heartbeat = Clock::now() + options_.heartbeat_interval;
    const Outcome beat = heartbeat(registry);
    if (beat == Outcome::kNotFound) {
      // The registry forgot us (restart, or we were expired): register everything again.
      if (log_) log_("nmos registration: heartbeat 404 from " + registry.base_url + ", registering again");
      {
        std::lock_guard lock(mutex_);
        ++status_.reregistrations;
      }
      if (register_all(registry) != Outcome::kOk) return lost();
      std::lock_guard lock(mutex_);
      ++status_.registrations;
    } else if (beat != Outcome::kOk) {
      return lost();
    }
    if (Clock::now() < next_recheck) continue;
    next_recheck = Clock::now() + options_.preferred_recheck;
    if (const auto preferred = preferred_registry_answering(registry)) {
      // Leave this one to expire us; the run loop starts again from the top, the preferred registry first.
      if (log_) log_("nmos registration: " + preferred->base_url + " answers again, moving back from " + registry.base_url);
      std::lock_guard lock(mutex_);
      ++status_.failbacks;
      status_.registered = false;
      status_.registry.clear();
      return Outcome::kOk;
    }
  }
}

RegistrationClient::Outcome RegistrationClient::register_all(const RegistryEndpoint& registry) {
  {
    // Everything is posted as it is now, so earlier changes need no separate update.
    std::lock_guard lock(mutex_);
    pending_changes_.clear();
  }
  for (const auto& [type, resource] : model_.all_in_registration_order()) {
    const Outcome outcome = post_resource(registry, type, resource);
    if (outcome != Outcome::kOk) return outcome;
    std::lock_guard lock(mutex_);
    if (stopping_) return Outcome::kRegistryFailed;
  }
  return Outcome::kOk;
}

RegistrationClient::Outcome RegistrationClient::post_resource(const RegistryEndpoint& registry, ResourceType type,
                                                              const nlohmann::json& resource) {
  const nlohmann::json body = {{"type", std::string(singular_name(type))},
                               {"data", conform_to_version(resource, type, registry.version)}};
  const auto response = client_.request(http::Method::post, registry.base_url + "/resource", body.dump());
  if (!response) {
    record_error(response.error());
    return Outcome::kRegistryFailed;
  }
  const unsigned status = response->result_int();
  if (status == 200 || status == 201) return Outcome::kOk;
  record_error("POST " + std::string(singular_name(type)) + " " + resource.value("id", "") + " to " +
               registry.base_url + ": " + std::to_string(status) + " " + response->body().substr(0, 300));
  // A registry that refuses what the schemas allow, or that errs, is one to move away from.
  return Outcome::kRegistryFailed;
}

RegistrationClient::Outcome RegistrationClient::heartbeat(const RegistryEndpoint& registry) {
  const auto response = client_.request(http::Method::post, registry.base_url + "/health/nodes/" + model_.node_id());
  if (!response) {
    record_error(response.error());
    return Outcome::kRegistryFailed;
  }
  if (response->result_int() == 200) {
    std::lock_guard lock(mutex_);
    ++status_.heartbeats;
    return Outcome::kOk;
  }
  if (response->result_int() == 404) return Outcome::kNotFound;
  record_error("heartbeat to " + registry.base_url + ": " + std::to_string(response->result_int()));
  return Outcome::kRegistryFailed;
}

void RegistrationClient::deregister(const RegistryEndpoint& registry) {
  auto all = model_.all_in_registration_order();
  // Children first, so the registry never holds an orphan even for a moment.
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const std::string url = registry.base_url + "/resource/" + std::string(plural_name(it->first)) + "/" +
                            it->second.value("id", "");
    const auto response = client_.request(http::Method::delete_, url);
    if (!response) {
      record_error("deregistering: " + response.error());
      return;  // the registry is gone; it will expire us
    }
  }
  if (log_) log_("nmos registration: deregistered from " + registry.base_url);
}

}  // namespace crosspoint::nmos
