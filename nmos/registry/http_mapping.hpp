// How the registry's values cross the HTTP boundary: query strings in, NMOS error bodies, 409 Locations and
// pre-serialised JSON out.
#pragma once

#include <string>
#include <string_view>

#include "nmos/http/http_types.hpp"
#include "nmos/registry/query_error.hpp"
#include "nmos/registry/query_params.hpp"
#include "nmos/registry/resource_store.hpp"

namespace crosspoint::nmos::registry {

[[nodiscard]] QueryParams query_params_of(const http::RequestContext& context);

// The request's Host header ("127.0.0.1:8080"), for URLs that must name the host the client used.
[[nodiscard]] std::string request_host(const http::RequestContext& context);

[[nodiscard]] http::Response error_for(const QueryError& error);
// A refused registration; `location` is where a 409 points (empty otherwise).
[[nodiscard]] http::Response error_for(const RegistryError& error, const std::string& location);

// A 200/201 response whose body is JSON text that is already serialised.
[[nodiscard]] http::Response serialized_json_response(http::Status status, std::string body);

}  // namespace crosspoint::nmos::registry
