// Where the registration client's registries come from: configured URLs, plus Registration APIs found by
// unicast DNS-SD in a configured domain (re-browsed periodically) or, when unicast finds none, by mDNS.
// Unicast results take precedence over mDNS ones (IS-04 v1.3 Discovery); configured URLs come first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "nmos/discovery/mdns_service.hpp"
#include "nmos/discovery/unicast_dns_sd.hpp"
#include "nmos/registration/registry_endpoint.hpp"

namespace crosspoint::nmos {

struct UnicastDiscoveryOptions {
  DnsServer server;
  std::string domain;  // e.g. "testsuite.nmos.tv"
  std::chrono::milliseconds interval{30000};
  std::chrono::milliseconds query_timeout{1000};
};

class RegistryDiscovery {
 public:
  using Listener = std::function<void(std::vector<RegistryEndpoint>)>;
  using Log = std::function<void(const std::string&)>;

  // `mdns` may be null (no avahi-daemon). `listener` gets the merged list whenever it changes.
  RegistryDiscovery(std::vector<RegistryEndpoint> configured, std::optional<UnicastDiscoveryOptions> unicast,
                    MdnsService* mdns, Listener listener, Log log = {});
  ~RegistryDiscovery();
  RegistryDiscovery(const RegistryDiscovery&) = delete;
  RegistryDiscovery& operator=(const RegistryDiscovery&) = delete;

  void start();
  void stop();
  // Browses the unicast domain now (also done every interval).
  void refresh();

  [[nodiscard]] std::vector<RegistryEndpoint> current() const;

 private:
  void publish();
  void unicast_loop();

  std::vector<RegistryEndpoint> configured_;
  std::optional<UnicastDiscoveryOptions> unicast_;
  MdnsService* mdns_;
  Listener listener_;
  Log log_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool refresh_requested_ = false;
  std::vector<RegistryEndpoint> from_unicast_;
  std::vector<RegistryEndpoint> from_mdns_;
  std::vector<RegistryEndpoint> published_;
  std::thread thread_;
};

}  // namespace crosspoint::nmos
