// JSON in and out of HTTP messages.
#pragma once

#include <nlohmann/json.hpp>

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

// A response carrying `body` as application/json.
Response json_response(Status status, const nlohmann::json& body);

// The request body as JSON; throws HttpError 400 naming what is wrong when it is not JSON,
// and 400 when `require_object` and it is not an object.
nlohmann::json parse_json_body(const Request& request, bool require_object = true);

}  // namespace crosspoint::nmos::http
