// The Query API's resource endpoints (IS-04 v1.0-v1.3):
//   GET /x-nmos/query/{v}/{nodes|devices|sources|flows|senders|receivers}   basic queries, query.rql,
//       query.downgrade, paging (X-Paging-* and Link headers)
//   GET /x-nmos/query/{v}/{type}/{id}    200, 404, 409 + Location when only another version may see it
// Answers from a view that may lag the registry (`view_is_stale()`: a cluster member that lost etcd) are marked
// stale in their headers (mark_stale_read). Subscriptions are added by add_subscriptions_api.
#pragma once

#include <functional>
#include <memory>

#include "nmos/http/router.hpp"
#include "nmos/registry/paging.hpp"
#include "nmos/registry/resource_store.hpp"

namespace crosspoint::nmos::registry {

void add_query_api(http::Router& router, std::shared_ptr<const ResourceStore> store, PagingLimits limits,
                   std::function<bool()> view_is_stale);

}  // namespace crosspoint::nmos::registry
