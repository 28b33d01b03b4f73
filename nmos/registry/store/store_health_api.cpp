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

void mark_stale_read(http::Response& response) {
  response.set(kStaleHeader, "true");
  response.set(http::beast_http::field::warning,
               "110 crosspoint \"Response is Stale: this registry member has lost etcd; its view may lag the "
               "registry\"");
}

}  // namespace crosspoint::nmos::registry
