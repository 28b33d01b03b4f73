// A DNS-SD service instance as either browser (Avahi or unicast DNS) reports it, and the NMOS rules that turn
// Registration API instances into registry endpoints: TXT api_proto/api_ver/api_auth/pri, ordered by pri.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nmos/registration/registry_endpoint.hpp"

namespace crosspoint::nmos {

struct DiscoveredService {
  std::string instance;  // "reg1._nmos-register._tcp.example.com" or the mDNS instance name
  std::string host;      // address to connect to (IPv4/IPv6 literal), or a resolvable host name
  std::uint16_t port = 0;
  std::map<std::string, std::string> txt;
};

// The TXT records an NMOS API advertises.
std::map<std::string, std::string> nmos_txt_records(const std::vector<std::string>& versions, int priority,
                                                    const std::string& protocol = "http", bool authorization = false);

// Registration APIs we can use (http, no authorization, a version we speak), best first: lowest pri, then
// the newest shared version. `origin` is recorded for logs.
std::vector<RegistryEndpoint> usable_registries(const std::vector<DiscoveredService>& services,
                                                const std::string& origin);

}  // namespace crosspoint::nmos
