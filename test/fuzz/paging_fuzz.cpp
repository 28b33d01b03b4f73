// The Query API's paging parameters (paging.order, since, until, limit) from a request's query string: parsed
// or refused with 400; a parsed request selects a page within its bounds and writes a Link header.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "nmos/http/request_target.hpp"
#include "nmos/registry/paging.hpp"
#include "registry_resources.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = "/x-nmos/query/v1.3/senders?" + std::string(reinterpret_cast<const char*>(data), size);
  const auto target = nmos::http::parse_request_target(text);
  if (!target) return 0;
  QueryParams params;
  for (const auto& [key, value] : target->query) params.emplace(key, value);
  const PagingLimits limits;
  const auto request = PagingRequest::parse(params, limits);
  if (!request) {
    FUZZ_REQUIRE(request.error().status == 400);
    return 0;
  }
  FUZZ_REQUIRE(request->limit <= limits.max_limit);

  std::vector<ResourcePtr> ascending = fuzz::registered_samples();
  if (request->order == TimeIndex::kCreated) {
    std::sort(ascending.begin(), ascending.end(), [](const ResourcePtr& a, const ResourcePtr& b) { return a->created < b->created; });
  }
  const PtpTime latest = ascending.back()->updated;
  const Page page = select_page(ascending, *request, latest);
  FUZZ_REQUIRE(page.resources.size() <= request->limit);
  FUZZ_REQUIRE(page.since <= page.until);
  (void)paging_link_header("http://127.0.0.1/x-nmos/query/v1.3/senders", "", page);
  return 0;
}
