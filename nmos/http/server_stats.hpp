// Counters a test or an operator can read while an HTTP server runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace crosspoint::nmos::http {

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t websockets_open = 0;
  std::map<unsigned, std::uint64_t> responses_by_status;  // every status written, including refusals
  std::map<std::string, std::uint64_t> refused_by_reason;  // every reason of http::Refusal, zeros included
};

}  // namespace crosspoint::nmos::http
