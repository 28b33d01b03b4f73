// A registry member's store health over HTTP, for load balancers, controllers and the tests:
// - GET /x-crosspoint/registry/health: whether it can take registrations (200) or answers queries from a stale
//   view only (503);
// - on every Query API answer given from a stale view: `X-Crosspoint-Stale: true` and an RFC 7234
//   `Warning: 110` (Response is Stale), the body unchanged, so a controller sees it and may ask another member.
#pragma once

#include <memory>

#include "nmos/http/router.hpp"
#include "nmos/registry/store/registry_store.hpp"

namespace crosspoint::nmos::registry {

inline constexpr const char* kStaleHeader = "X-Crosspoint-Stale";

void add_store_health_api(http::Router& router, std::shared_ptr<const RegistryStore> store);

void mark_stale_read(http::Response& response);

}  // namespace crosspoint::nmos::registry
