// Paging of Query API collections (IS-04 "APIs - Query Parameters", Pagination): cursors are the registry's
// unique created/updated TAI stamps; since is exclusive, until inclusive; pages are returned newest first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "nmos/registry/query_error.hpp"
#include "nmos/registry/query_params.hpp"
#include "nmos/registry/registered_resource.hpp"
#include "nmos/registry/resource_store.hpp"

namespace crosspoint::nmos::registry {

struct PagingLimits {
  std::size_t default_limit = 10;
  std::size_t max_limit = 1000;
};

struct PagingRequest {
  TimeIndex order = TimeIndex::kUpdated;
  std::optional<PtpTime> since;
  std::optional<PtpTime> until;
  std::size_t limit = 10;

  // Reads paging.order, paging.since, paging.until and paging.limit; a limit above the maximum is lowered and
  // a limit of 0 asks only for the paging headers (an empty page).
  static Expected<PagingRequest, QueryError> parse(const QueryParams& params,
                                                   const PagingLimits& limits);
};

struct Page {
  std::vector<ResourcePtr> resources;  // newest first
  PtpTime since;                       // X-Paging-Since: exclusive lower bound of this page
  PtpTime until;                       // X-Paging-Until: inclusive upper bound of this page
  std::size_t limit = 0;               // X-Paging-Limit
};

// `ascending` holds the filtered collection in ascending order of request.order; `latest` is the registry's
// most recent stamp, the upper bound when the request names none.
[[nodiscard]] Page select_page(const std::vector<ResourcePtr>& ascending, const PagingRequest& request,
                               PtpTime latest);

// The Link header: next, prev, first and last cursors. `collection_url` is scheme://host/path of the
// collection; `kept_query` the request's other parameters, already URL-encoded ("a=b&c=d", may be empty).
[[nodiscard]] std::string paging_link_header(const std::string& collection_url, const std::string& kept_query,
                                             const Page& page);

}  // namespace crosspoint::nmos::registry
