// The Registration API (IS-04 v1.0-v1.3, bodies checked against the v1.3 schemas for v1.3):
//   POST   /x-nmos/registration/{v}/resource                 201 created + Location, 200 updated
//   GET    /x-nmos/registration/{v}/resource/{type}/{id}     200, 404, 409 + Location
//   DELETE /x-nmos/registration/{v}/resource/{type}/{id}     204, 404, 409 + Location
//   POST   /x-nmos/registration/{v}/health/nodes/{id}        200 {"health"}, 404, 409 + Location
//   GET    /x-nmos/registration/{v}/health/nodes/{id}        the last heartbeat
#pragma once

#include <memory>

#include "nmos/http/router.hpp"
#include "nmos/registry/store/registry_store.hpp"
#include "nmos/registry/schema_validator.hpp"

namespace crosspoint::nmos::registry {

void add_registration_api(http::Router& router, std::shared_ptr<RegistryStore> store,
                          std::shared_ptr<const SchemaValidator> schemas);

}  // namespace crosspoint::nmos::registry
