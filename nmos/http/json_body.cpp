#include "nmos/http/json_body.hpp"

#include "nmos/http/http_error.hpp"

namespace crosspoint::nmos::http {

Response json_response(Status status, const nlohmann::json& body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "application/json");
  // Invalid UTF-8 from a client echoed into an error must not turn into an exception here.
  response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.prepare_payload();
  return response;
}

nlohmann::json parse_json_body(const Request& request, bool require_object) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(request.body());
  } catch (const nlohmann::json::parse_error& e) {
    throw HttpError(Status::bad_request, "malformed JSON in request body", e.what());
  }
  if (require_object && !body.is_object())
    throw HttpError(Status::bad_request, "request body must be a JSON object", "body type: " + std::string(body.type_name()));
  return body;
}

}  // namespace crosspoint::nmos::http
