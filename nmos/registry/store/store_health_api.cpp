#include "nmos/registry/store/store_health_api.hpp"

#include "nmos/http/json_body.hpp"

namespace crosspoint::nmos::registry {

void add_store_health_api(http::Router& router, std::shared_ptr<const RegistryStore> store) {
  router.add(http::Method::get, "/x-crosspoint/registry/health", [store](const http::RequestContext&) {
    const StoreHealth health = store->health();
    return http::json_response(health.writable ? http::Status::ok : http::Status::service_unavailable,
                               {{"store", health.backend},
                                {"writable", health.writable},
                                {"stale", !health.writable},
                                {"detail", health.detail},
                                {"revision", health.revision}});
  });
}

}  // namespace crosspoint::nmos::registry
