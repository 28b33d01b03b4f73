// Multicast DNS-SD through the system's avahi-daemon (libavahi-client): advertise NMOS services with their
// TXT records and browse a service type, resolving each instance to address, port and TXT. Needs a running
// avahi-daemon (and D-Bus); connect() says why when there is none, and the node carries on without it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "nmos/discovery/discovered_service.hpp"

namespace crosspoint::nmos {

class MdnsService {
 public:
  // Called with every resolved instance of the browsed type each time the set changes; on Avahi's thread.
  using BrowseCallback = std::function<void(const std::vector<DiscoveredService>&)>;

  // Connects to avahi-daemon; an error when it is not running or this build has no Avahi.
  static Expected<std::unique_ptr<MdnsService>, std::string> connect();
  virtual ~MdnsService() = default;

  // Publishes `instance` of `type` (e.g. "_nmos-node._tcp") on `port` with `txt`; renamed on a name collision.
  virtual Expected<bool, std::string> advertise(const std::string& instance, const std::string& type,
                                                std::uint16_t port, const std::map<std::string, std::string>& txt) = 0;
  // Withdraws everything advertised.
  virtual void withdraw_all() = 0;
  // Starts browsing `type` in the local domain.
  virtual Expected<bool, std::string> browse(const std::string& type, BrowseCallback on_change) = 0;
};

}  // namespace crosspoint::nmos
