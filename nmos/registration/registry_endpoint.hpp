// A Registration API the node can register with: from config, or found by DNS-SD with its TXT priority.
#pragma once

#include <string>
#include <vector>

#include "nmos/resources/api_version.hpp"

namespace crosspoint::nmos {

struct RegistryEndpoint {
  // The versioned API base, e.g. "http://10.0.0.5:8080/x-nmos/registration/v1.3" (no trailing slash).
  std::string base_url;
  int priority = 100;  // DNS-SD `pri`: lower is preferred
  ApiVersion version = kV1_3;
  std::string origin = "config";  // "config", "mdns", "unicast-dns": for logs

  friend bool operator==(const RegistryEndpoint&, const RegistryEndpoint&) = default;
};

// "http://host:port" or a full ".../x-nmos/registration/vX.Y" URL from config, as an endpoint; config order
// gives the priority (first is preferred).
std::vector<RegistryEndpoint> registry_endpoints_from_urls(const std::vector<std::string>& urls);

}  // namespace crosspoint::nmos
