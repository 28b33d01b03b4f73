// Unicast DNS-SD (RFC 6763 over ordinary DNS): browse a service type in a configured domain by asking a
// configured DNS server for PTR, then SRV, TXT and A/AAAA records, over UDP with a timeout per query.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "nmos/discovery/discovered_service.hpp"
#include "nmos/discovery/dns_message.hpp"

namespace crosspoint::nmos {

struct DnsServer {
  std::string address;  // IPv4 or IPv6 literal
  std::uint16_t port = 53;
};

class DnsResolver {
 public:
  DnsResolver(DnsServer server, std::chrono::milliseconds timeout = std::chrono::seconds(2), int attempts = 2);
  // One question; retried on timeout; a response with another id is ignored.
  Expected<DnsResponse, std::string> query(const std::string& name, DnsType type) const;

 private:
  DnsServer server_;
  std::chrono::milliseconds timeout_;
  int attempts_;
};

// Every instance of `service_type` (e.g. "_nmos-register._tcp") in `domain`, resolved to host, port and TXT.
// Instances that do not resolve are left out; an unreachable server is an error.
Expected<std::vector<DiscoveredService>, std::string> browse_unicast(const DnsResolver& resolver,
                                                                      const std::string& service_type,
                                                                      const std::string& domain);

}  // namespace crosspoint::nmos
