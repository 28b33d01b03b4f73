// The IS-05 Connection API over HTTP (v1.0 and v1.1): listings, /single/{senders|receivers}/{id}/...,
// /bulk/{senders|receivers}. Errors are NMOS {code, error, debug} bodies, CORS as every API of the server.
#pragma once

#include <memory>

#include "nmos/connection/connection_state.hpp"
#include "nmos/http/router.hpp"

namespace crosspoint::nmos::connection {

void add_connection_routes(http::Router& router, std::shared_ptr<ConnectionState> state);

}  // namespace crosspoint::nmos::connection
