// Counters a test or an operator can read while an HTTP server runs.
#pragma once

#include <cstdint>
#include <map>

namespace crosspoint::nmos::http {

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;  // over max_connections or accept errors
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t websockets_open = 0;
  std::map<unsigned, std::uint64_t> responses_by_status;  // every status written, including refusals
};

}  // namespace crosspoint::nmos::http
