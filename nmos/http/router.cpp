#include "nmos/http/router.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

#include <nlohmann/json.hpp>

#include "nmos/http/cors.hpp"
#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"
#include "nmos/http/request_target.hpp"

namespace crosspoint::nmos::http {
namespace {

void respond_with_error_of(const std::exception_ptr& failure, const Responder& send) {
  try {
    std::rethrow_exception(failure);
  } catch (const HttpError& e) {
    send(error_response(e.status(), e.what(), e.debug() ? std::optional<std::string_view>(*e.debug()) : std::nullopt));
  } catch (const nlohmann::json::exception& e) {
    // Handlers reading a client's JSON with the wrong type land here: the client's fault, not ours.
    send(error_response(Status::bad_request, "request body has a field of the wrong type", e.what()));
  } catch (const std::exception& e) {
    send(error_response(Status::internal_server_error, "internal error while handling the request", e.what()));
  }
}

}  // namespace

void finish_response(const RequestHeader& request, Response& response) {
  add_cors_headers(request, response);
  const bool response_closes = !response.keep_alive();
  response.version(request.version());
  response.keep_alive(request.keep_alive() && !response_closes);
  if (request.method() == Method::head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  } else {
    response.prepare_payload();  // every body framed by its Content-Length, whichever handler made it
  }
}

void finish_response(const Request& request, Response& response) {
  finish_response(RequestHeader(request.base()), response);
}

void Router::add(Method method, std::string_view pattern, Handler handler) {
  add_async(method, pattern, [handler = std::move(handler)](RequestContext context, Responder respond) {
    respond(handler(context));
  });
}

void Router::add_async(Method method, std::string_view pattern, AsyncHandler handler) {
  std::unique_lock lock(mutex_);
  PathPattern compiled(pattern);
  for (Route& route : routes_) {
    if (route.method == method && route.pattern.text() == compiled.text()) {
      route.handler = std::move(handler);
      return;
    }
  }
  routes_.push_back(Route{method, std::move(compiled), std::move(handler)});
}

void Router::add_websocket(std::string_view pattern, WebSocketHandlers handlers) {
  std::unique_lock lock(mutex_);
  websocket_routes_.push_back(WebSocketRoute{PathPattern(pattern), std::move(handlers)});
}

std::vector<std::string> Router::children_of(const std::vector<std::string>& segments) const {
  std::vector<std::string> children;
  for (const Route& route : routes_) {
    const auto next = route.pattern.literal_after(segments);
    if (!next) continue;
    std::string child = std::string(*next) + "/";
    if (std::find(children.begin(), children.end(), child) == children.end()) children.push_back(std::move(child));
  }
  return children;
}

std::string Router::allowed_methods(const std::vector<std::string>& segments, bool is_listing) const {
  std::vector<Method> methods;
  if (is_listing) methods = {Method::get, Method::head};
  for (const Route& route : routes_) {
    if (!route.pattern.match(segments)) continue;
    methods.push_back(route.method);
    if (route.method == Method::get) methods.push_back(Method::head);
  }
  methods.push_back(Method::options);
  std::string allow;
  std::vector<Method> seen;
  for (const Method m : methods) {
    if (std::find(seen.begin(), seen.end(), m) != seen.end()) continue;
    seen.push_back(m);
    if (!allow.empty()) allow += ", ";
    allow += std::string(beast_http::to_string(m));
  }
  return allow;
}

void Router::dispatch(Request request, std::string remote_address, const Responder& respond) const {
  // The responder may be handed to another thread; the header copy is what finishing the response needs.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Responder send = [header = RequestHeader(request.base()), respond, answered](Response response) {
    if (answered->exchange(true)) return;
    finish_response(header, response);
    respond(std::move(response));
  };

  auto target = parse_request_target(std::string_view(request.target().data(), request.target().size()));
  if (!target) {
    send(error_response(Status::bad_request, "malformed request target", std::string(request.target())));
    return;
  }
  const Method method = request.method();

  AsyncHandler handler;
  PathParams params;
  bool path_has_routes = false;
  std::vector<std::string> children;
  std::string allow;
  {
    std::shared_lock lock(mutex_);
    const Route* chosen = nullptr;
    const Route* get_route = nullptr;
    for (const Route& route : routes_) {
      auto matched = route.pattern.match(target->segments);
      if (!matched) continue;
      path_has_routes = true;
      if (route.method == method && chosen == nullptr) {
        chosen = &route;
        params = std::move(*matched);
      } else if (route.method == Method::get && get_route == nullptr) {
        get_route = &route;
        if (method == Method::head) params = std::move(*matched);
      }
    }
    if (chosen == nullptr && method == Method::head) chosen = get_route;
    if (chosen != nullptr) {
      handler = chosen->handler;
    } else {
      children = children_of(target->segments);
      allow = allowed_methods(target->segments, !children.empty());
    }
  }

  if (!handler) {
    const bool path_exists = path_has_routes || !children.empty();
    if (!path_exists) {
      send(error_response(Status::not_found, "no API resource at this path", target->path));
      return;
    }
    if (method == Method::options) {
      Response response{Status::ok, 11};
      response.set(beast_http::field::allow, allow);
      send(std::move(response));
      return;
    }
    if (!children.empty() && (method == Method::get || method == Method::head)) {
      send(json_response(Status::ok, nlohmann::json(children)));
      return;
    }
    Response response = error_response(Status::method_not_allowed, "method not allowed on this resource",
                                        std::string(beast_http::to_string(method)) + " " + target->path);
    response.set(beast_http::field::allow, allow);
    send(std::move(response));
    return;
  }

  RequestContext context{std::move(request), std::move(target->path), std::move(params), std::move(target->query),
                         std::move(remote_address)};
  try {
    handler(std::move(context), send);
  } catch (...) {
    respond_with_error_of(std::current_exception(), send);
  }
}

std::variant<Router::WebSocketMatch, Response> Router::match_websocket(Request request, std::string remote_address) const {
  auto reject = [&request](Response response) {
    finish_response(request, response);
    return response;
  };
  auto target = parse_request_target(std::string_view(request.target().data(), request.target().size()));
  if (!target) return reject(error_response(Status::bad_request, "malformed request target"));
  WebSocketHandlers handlers;
  PathParams params;
  bool found = false;
  {
    std::shared_lock lock(mutex_);
    for (const WebSocketRoute& route : websocket_routes_) {
      if (auto matched = route.pattern.match(target->segments)) {
        handlers = route.handlers;
        params = std::move(*matched);
        found = true;
        break;
      }
    }
  }
  if (!found) return reject(error_response(Status::not_found, "no WebSocket endpoint at this path", target->path));
  RequestContext context{std::move(request), std::move(target->path), std::move(params), std::move(target->query),
                         std::move(remote_address)};
  if (handlers.accept) {
    try {
      if (auto refusal = handlers.accept(context)) {
        finish_response(context.request, *refusal);
        return std::move(*refusal);
      }
    } catch (...) {
      Response failure;
      respond_with_error_of(std::current_exception(), [&failure](Response r) { failure = std::move(r); });
      finish_response(context.request, failure);
      return failure;
    }
  }
  return WebSocketMatch{std::move(handlers), std::move(context)};
}

}  // namespace crosspoint::nmos::http
