// Cross-Origin Resource Sharing: every NMOS response carries these headers (IS-04 "Server Side
// Implementation Notes"), so browser-based controllers hosted elsewhere can use the APIs.
#pragma once

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

// Adds Access-Control-Allow-{Origin,Methods,Headers} and -Max-Age; echoes the requested headers when asked.
void add_cors_headers(const beast_http::fields& request, Response& response);

}  // namespace crosspoint::nmos::http
