#include "nmos/http/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

namespace crosspoint::nmos::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<HttpUrl> HttpUrl::parse(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  HttpUrl result;
  result.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    result.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    result.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (result.host.empty()) return std::nullopt;
  if (!port_text.empty()) {
    unsigned value = 0;
    for (const char c : port_text) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
      if (value > 65535) return std::nullopt;
    }
    result.port = static_cast<std::uint16_t>(value);
  }
  return result;
}

std::string HttpUrl::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + target;
}

struct HttpClient::Connection {
  net::io_context io_context;
  beast::tcp_stream stream{io_context};
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port = 0;
  bool connected = false;

  void drop() {
    beast::error_code ec;
    stream.socket().close(ec);
    connected = false;
    buffer.clear();
  }
};

HttpClient::HttpClient(std::chrono::milliseconds timeout)
    : connection_(std::make_unique<Connection>()), timeout_(timeout) {}

HttpClient::~HttpClient() = default;

Expected<Response, std::string> HttpClient::request(Method method, const std::string& url, const std::string& body,
                                                     const std::string& content_type) {
  const auto parsed = HttpUrl::parse(url);
  if (!parsed) return Unexpected{"not an http:// URL: " + url};
  Request request{method, parsed->target, 11};
  if (!body.empty() || method == Method::post || method == Method::put || method == Method::patch) {
    request.set(beast_http::field::content_type, content_type);
    request.body() = body;
  }
  return send(*parsed, std::move(request));
}

Expected<Response, std::string> HttpClient::send(const HttpUrl& url, Request request) {
  Connection& c = *connection_;
  if (c.connected && (c.host != url.host || c.port != url.port)) c.drop();
  request.set(beast_http::field::host, url.host + ":" + std::to_string(url.port));
  request.keep_alive(true);
  request.prepare_payload();

  // A kept-alive connection may have been closed by the server meanwhile: then retry once on a fresh one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = c.connected;
    beast::error_code ec;
    c.io_context.restart();
    if (!c.connected) {
      tcp::resolver resolver(c.io_context);
      const auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
      if (ec) return Unexpected{"cannot resolve " + url.host + ": " + ec.message()};
      c.stream.expires_after(timeout_);
      c.stream.async_connect(endpoints, [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
      c.io_context.run();
      if (ec) {
        c.drop();
        return Unexpected{"cannot connect to " + url.host + ":" + std::to_string(url.port) + ": " + ec.message()};
      }
      c.connected = true;
      c.host = url.host;
      c.port = url.port;
      c.io_context.restart();
    }
    Response response;
    c.stream.expires_after(timeout_);
    beast_http::async_write(c.stream, request, [&](beast::error_code e, std::size_t) {
      ec = e;
      if (ec) return;
      beast_http::async_read(c.stream, c.buffer, response, [&ec](beast::error_code e2, std::size_t) { ec = e2; });
    });
    c.io_context.run();
    if (ec) {
      c.drop();
      const bool stale = reused && ec != beast::error::timeout;
      if (stale) continue;
      return Unexpected{"request to " + url.to_string() + " failed: " + ec.message()};
    }
    if (!response.keep_alive()) c.drop();
    return response;
  }
  return Unexpected{"request to " + url.to_string() + " failed: connection closed"};
}

}  // namespace crosspoint::nmos::http
