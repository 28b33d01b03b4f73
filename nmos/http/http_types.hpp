// The vocabulary of the HTTP layer: what a handler receives and what it gives back.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http.hpp>

namespace crosspoint::nmos::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
// A request without its body: what finishing a response needs to know about the request.
using RequestHeader = beast_http::request<beast_http::empty_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Method = beast_http::verb;

// Values of the `{name}` segments of the route pattern that matched.
using PathParams = std::map<std::string, std::string, std::less<>>;

// Decoded `key=value` pairs of the query string, in request order (keys may repeat).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// One request as a handler sees it: the raw request plus what routing learnt from its target.
struct RequestContext {
  Request request;
  std::string path;    // decoded path without the query string and without a trailing slash
  PathParams params;   // from the route pattern
  QueryParams query;   // from the query string
  std::string remote_address;  // peer IP, for logs and for hrefs that must name the host asked

  // The first value of a query parameter, or nullptr.
  [[nodiscard]] const std::string* query_value(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return &v;
    return nullptr;
  }
  [[nodiscard]] const std::string& param(std::string_view name) const { return params.find(name)->second; }
};

// Completes an asynchronous request; callable from any thread, exactly once.
using Responder = std::function<void(Response)>;

// A handler that answers at once. It runs on an io thread, so it must not block: no I/O, no waiting.
using Handler = std::function<Response(const RequestContext&)>;

// A handler that answers later (after work on another thread), by calling the responder.
using AsyncHandler = std::function<void(RequestContext, Responder)>;

}  // namespace crosspoint::nmos::http
