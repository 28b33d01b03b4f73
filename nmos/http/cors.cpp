#include "nmos/http/cors.hpp"

namespace crosspoint::nmos::http {

void add_cors_headers(const beast_http::fields& request, Response& response) {
  using beast_http::field;
  response.set(field::access_control_allow_origin, "*");
  response.set(field::access_control_allow_methods, "GET, PUT, POST, PATCH, HEAD, OPTIONS, DELETE");
  const auto requested = request.find(field::access_control_request_headers);
  if (requested != request.end() && !requested->value().empty())
    response.set(field::access_control_allow_headers, requested->value());
  else
    response.set(field::access_control_allow_headers, "Content-Type, Accept");
  response.set(field::access_control_expose_headers,
               "Link, Location, X-Paging-Limit, X-Paging-Since, X-Paging-Until, X-Paging-Order, Vary, "
               "Warning, X-Crosspoint-Stale");
  response.set(field::access_control_max_age, "3600");
}

}  // namespace crosspoint::nmos::http
