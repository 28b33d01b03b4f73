// Routing as data: a table of (method, path pattern) -> handler, shared by every API served on a port.
// Base paths that are prefixes of routes list their children (["x-nmos/"], ["node/", "query/"], ...);
// trailing slashes are accepted on every method; every response gets CORS headers; every failure is an
// NMOS error body (404 unknown path or version, 405 wrong method, 400 from HttpError, 500 otherwise).
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nmos/http/http_types.hpp"
#include "nmos/http/path_pattern.hpp"
#include "nmos/http/websocket_connection.hpp"

namespace crosspoint::nmos::http {

class Router {
 public:
  // Registers a route; the pattern's `{name}` segments become RequestContext::params. GET routes also answer
  // HEAD. A later route for the same method and pattern replaces the earlier one. Safe at any time.
  void add(Method method, std::string_view pattern, Handler handler);
  void add_async(Method method, std::string_view pattern, AsyncHandler handler);

  // Registers a WebSocket endpoint; an upgrade request to a matching path is handed to it.
  void add_websocket(std::string_view pattern, WebSocketHandlers handlers);

  // Answers one request: `respond` is called exactly once, possibly later and from another thread.
  void dispatch(Request request, std::string remote_address, const Responder& respond) const;

  struct WebSocketMatch {
    WebSocketHandlers handlers;
    RequestContext context;
  };
  // The endpoint for an upgrade request, or the error response to send instead.
  [[nodiscard]] std::variant<WebSocketMatch, Response> match_websocket(Request request, std::string remote_address) const;

 private:
  struct Route {
    Method method;
    PathPattern pattern;
    AsyncHandler handler;
  };
  struct WebSocketRoute {
    PathPattern pattern;
    WebSocketHandlers handlers;
  };

  [[nodiscard]] std::vector<std::string> children_of(const std::vector<std::string>& segments) const;
  [[nodiscard]] std::string allowed_methods(const std::vector<std::string>& segments, bool is_listing) const;

  mutable std::shared_mutex mutex_;
  std::vector<Route> routes_;
  std::vector<WebSocketRoute> websocket_routes_;
};

// Adds the CORS headers and finishes a response to `request` (HTTP version, keep-alive, no body for HEAD).
void finish_response(const RequestHeader& request, Response& response);
void finish_response(const Request& request, Response& response);

}  // namespace crosspoint::nmos::http
