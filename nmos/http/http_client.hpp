// A small blocking HTTP/1.1 client on Beast for the registration client and the tests: one request at a
// time over a kept-alive connection, each step bounded by a timeout. Not thread-safe; one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

// "http://host:port/base/path" split into what a connection needs.
struct HttpUrl {
  std::string host;
  std::uint16_t port = 80;
  std::string target = "/";  // path and query

  static std::optional<HttpUrl> parse(std::string_view url);
  [[nodiscard]] std::string to_string() const;
};

class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `body` (JSON when not empty) to `url`; the response whatever its status, or why there is none.
  Expected<Response, std::string> request(Method method, const std::string& url, const std::string& body = {},
                                          const std::string& content_type = "application/json");
  // Same, with a prepared request (target, method, fields and body set; Host is filled in).
  Expected<Response, std::string> send(const HttpUrl& url, Request request);

  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
  std::chrono::milliseconds timeout_;
};

}  // namespace crosspoint::nmos::http
