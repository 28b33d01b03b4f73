#include "nmos/discovery/registry_discovery.hpp"

namespace crosspoint::nmos {

RegistryDiscovery::RegistryDiscovery(std::vector<RegistryEndpoint> configured,
                                     std::optional<UnicastDiscoveryOptions> unicast, MdnsService* mdns,
                                     Listener listener, Log log)
    : configured_(std::move(configured)), unicast_(std::move(unicast)), mdns_(mdns), listener_(std::move(listener)),
      log_(std::move(log)) {
  // Configured registries are explicit choices: ahead of anything discovered, in their configured order.
  int priority = -1000;
  for (RegistryEndpoint& endpoint : configured_) endpoint.priority = priority++;
}

RegistryDiscovery::~RegistryDiscovery() { stop(); }

void RegistryDiscovery::start() {
  publish();
  if (mdns_ != nullptr) {
    auto browsing = mdns_->browse("_nmos-register._tcp", [this](const std::vector<DiscoveredService>& services) {
      {
        std::lock_guard lock(mutex_);
        from_mdns_ = usable_registries(services, "mdns");
      }
      publish();
    });
    if (!browsing && log_) log_("nmos discovery: mDNS browse failed: " + browsing.error());
  } else if (log_) {
    log_("nmos discovery: no mDNS (avahi-daemon not available); using configured and unicast DNS-SD registries");
  }
  if (unicast_) thread_ = std::thread([this] { unicast_loop(); });
}

void RegistryDiscovery::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RegistryDiscovery::refresh() {
  {
    std::lock_guard lock(mutex_);
    refresh_requested_ = true;
  }
  wake_.notify_all();
}

std::vector<RegistryEndpoint> RegistryDiscovery::current() const {
  std::lock_guard lock(mutex_);
  return published_;
}

void RegistryDiscovery::publish() {
  std::vector<RegistryEndpoint> merged;
  {
    std::lock_guard lock(mutex_);
    merged = configured_;
    const auto& discovered = from_unicast_.empty() ? from_mdns_ : from_unicast_;
    merged.insert(merged.end(), discovered.begin(), discovered.end());
    if (merged == published_) return;
    published_ = merged;
  }
  if (log_) {
    std::string line = "nmos discovery: registries now";
    for (const RegistryEndpoint& r : merged) line += " " + r.base_url + " (" + r.origin + ", pri " + std::to_string(r.priority) + ")";
    log_(line);
  }
  if (listener_) listener_(std::move(merged));
}

void RegistryDiscovery::unicast_loop() {
  const DnsResolver resolver(unicast_->server, unicast_->query_timeout);
  for (;;) {
    auto services = browse_unicast(resolver, "_nmos-register._tcp", unicast_->domain);
    if (!services && log_) log_("nmos discovery: unicast DNS-SD browse failed: " + services.error());
    {
      std::lock_guard lock(mutex_);
      // A failed browse keeps what we knew: a DNS hiccup must not drop a working registry.
      if (services) from_unicast_ = usable_registries(*services, "unicast-dns");
    }
    publish();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, unicast_->interval, [this] { return stopping_ || refresh_requested_; });
    refresh_requested_ = false;
    if (stopping_) return;
  }
}

}  // namespace crosspoint::nmos
