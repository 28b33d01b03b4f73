// The NMOS error body {code, error, debug} and an exception that carries it out of a handler.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

// Thrown by handlers; the router turns it into an error response. Handlers may also return
// error_response() directly.
class HttpError : public std::runtime_error {
 public:
  HttpError(Status status, std::string error, std::optional<std::string> debug = std::nullopt)
      : std::runtime_error(error), status_(status), debug_(std::move(debug)) {}
  [[nodiscard]] Status status() const { return status_; }
  [[nodiscard]] const std::optional<std::string>& debug() const { return debug_; }

 private:
  Status status_;
  std::optional<std::string> debug_;
};

// A response whose body is {"code": <status>, "error": error, "debug": debug or null}.
Response error_response(Status status, std::string_view error, std::optional<std::string_view> debug = std::nullopt);

}  // namespace crosspoint::nmos::http
