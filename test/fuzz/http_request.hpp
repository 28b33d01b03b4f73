// Driving a Router as the server would, without a socket: one request in, the response it answers out.
// The HTTP harnesses check what every NMOS API promises of a response: no 500 for anything a client sends,
// and every error an NMOS error body {code, error, debug} whose code is the status.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "nmos/http/router.hpp"

namespace crosspoint::fuzz {

inline nmos::http::Response answer(const nmos::http::Router& router, nmos::http::Method method, std::string_view target,
                                   std::string body) {
  nmos::http::Request request{method, std::string(target), 11};
  request.set(nmos::http::beast_http::field::host, "127.0.0.1:3210");
  request.set(nmos::http::beast_http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  std::optional<nmos::http::Response> response;
  router.dispatch(std::move(request), "127.0.0.1", [&response](nmos::http::Response r) { response = std::move(r); });
  FUZZ_REQUIRE(response.has_value());  // these APIs answer at once
  return std::move(*response);
}

inline void require_nmos_answer(const nmos::http::Response& response) {
  const unsigned status = response.result_int();
  if (status == 500) std::fprintf(stderr, "500: %s\n", response.body().c_str());
  FUZZ_REQUIRE(status != 500);
  if (status < 400) return;
  const auto error = nlohmann::json::parse(response.body(), nullptr, false);
  FUZZ_REQUIRE(error.is_object() && error.contains("error") && error.contains("debug"));
  FUZZ_REQUIRE(error.value("code", 0U) == status);
}

}  // namespace crosspoint::fuzz
