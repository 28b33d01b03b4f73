// A Query API request's query string (basic queries, query.rql, query.downgrade) as the server receives it:
// the first octet picks the requested API version, the rest follows "?" in the request target. The query
// parses or is refused with 400 or 501, and a parsed one is matched against registered resources.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "nmos/http/request_target.hpp"
#include "nmos/registry/resource_query.hpp"
#include "registry_resources.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const ApiVersion requested = kIs04Versions[data[0] % std::size(kIs04Versions)];
  const std::string text = "/x-nmos/query/v1.3/flows?" + std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto target = nmos::http::parse_request_target(text);
  if (!target) return 0;
  QueryParams params;
  for (const auto& [key, value] : target->query) params.emplace(key, value);
  const auto query = ResourceQuery::parse(requested, params);
  if (!query) {
    FUZZ_REQUIRE(query.error().status == 400 || query.error().status == 501);
    return 0;
  }
  for (const auto& resource : fuzz::registered_samples()) {
    if (query->matches(*resource)) (void)query->present(*resource);
  }
  return 0;
}
