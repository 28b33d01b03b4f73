// GET /x-crosspoint/registry/health: whether this registry member can take registrations (200) or answers
// queries from a stale view only (503), for load balancers and the tests.
#pragma once

#include <memory>

#include "nmos/http/router.hpp"
#include "nmos/registry/store/registry_store.hpp"

namespace crosspoint::nmos::registry {

void add_store_health_api(http::Router& router, std::shared_ptr<const RegistryStore> store);

}  // namespace crosspoint::nmos::registry
