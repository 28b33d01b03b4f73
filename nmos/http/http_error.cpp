#include "nmos/http/http_error.hpp"

#include <nlohmann/json.hpp>

#include "nmos/http/json_body.hpp"

namespace crosspoint::nmos::http {

Response error_response(Status status, std::string_view error, std::optional<std::string_view> debug) {
  nlohmann::json body = {
      {"code", static_cast<int>(status)},
      {"error", std::string(error)},
      {"debug", debug ? nlohmann::json(std::string(*debug)) : nlohmann::json(nullptr)},
  };
  return json_response(status, body);
}

}  // namespace crosspoint::nmos::http
