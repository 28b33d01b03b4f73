#include "nmos/registry/http_mapping.hpp"

#include "nmos/http/http_error.hpp"

namespace crosspoint::nmos::registry {

QueryParams query_params_of(const http::RequestContext& context) {
  return QueryParams(context.query.begin(), context.query.end());
}

std::string request_host(const http::RequestContext& context) {
  const auto host = context.request[http::beast_http::field::host];
  return host.empty() ? std::string("127.0.0.1") : std::string(host);
}

http::Response error_for(const QueryError& error) {
  return http::error_response(static_cast<http::Status>(error.status), error.message);
}

http::Response error_for(const RegistryError& error, const std::string& location) {
  auto response = http::error_response(static_cast<http::Status>(error.status), error.message);
  if (error.status == 409 && !location.empty()) response.set(http::beast_http::field::location, location);
  return response;
}

http::Response serialized_json_response(http::Status status, std::string body) {
  http::Response response{status, 11};
  response.set(http::beast_http::field::content_type, "application/json");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace crosspoint::nmos::registry
