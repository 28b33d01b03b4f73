// What the daemon serves on the node's HTTP server beside the NMOS APIs (the /metrics exposition, the panel):
// GET endpoints whose body is produced on each request, WebSocket broadcasts, and the server's traffic counts.
//
//   WebEndpoints::serve(*node, "/metrics", [&] { return WebContent{"text/plain; version=0.0.4", render()}; });
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "crosspoint/nmos/node_service.hpp"

namespace crosspoint::nmos {

struct WebContent {
  std::string content_type;
  std::string body;
};

// Runs on an io thread of the server for every GET (and HEAD): it must not block.
using WebContentSource = std::function<WebContent()>;

// What a GET on a path with parameters answers: a body, or an NMOS error {code, error, debug}.
struct WebReply {
  unsigned status = 200;
  WebContent content;

  static WebReply error(unsigned status, const std::string& error, const std::string& debug = {});
};

// The values of a pattern's `{name}` segments, by name.
using WebPathParams = std::map<std::string, std::string, std::less<>>;
// Runs on an io thread of the server for every GET (and HEAD) that matches: it must not block.
using WebReplySource = std::function<WebReply(const WebPathParams&)>;

struct HttpTraffic {
  std::uint64_t requests = 0;                            // requests read whole
  std::map<unsigned, std::uint64_t> responses_by_status;  // every response written, refusals included
  std::uint64_t connections_open = 0;
  std::uint64_t websockets_open = 0;
  std::uint64_t connections_accepted = 0;
  // Connections and requests refused or cut, by reason (connection_limit, evicted, read_timeout, ...: every
  // reason, zeros included).
  std::map<std::string, std::uint64_t> refused_by_reason;
};

// A WebSocket endpoint that sends the same text to everyone connected (the panel's live feed).
class WebBroadcast {
 public:
  virtual ~WebBroadcast() = default;
  // Queues `text` for every open connection; safe from any thread.
  virtual void send(const std::string& text) = 0;
  // Connections open now: a feed does no work while nobody watches.
  [[nodiscard]] virtual std::size_t watchers() const = 0;
};

class WebEndpoints {
 public:
  // Serves GET `path` (exactly, or with a trailing slash) from `source` until the node stops.
  static void serve(NodeService& node, std::string_view path, WebContentSource source);
  // Serves GET on every path `pattern` matches ("/x-crosspoint/v1/thumbnails/inputs/{id}") from `source`.
  static void serve_pattern(NodeService& node, std::string_view pattern, WebReplySource source);
  // Accepts WebSocket connections on `path`; what they send is ignored.
  static std::shared_ptr<WebBroadcast> broadcast(NodeService& node, std::string_view path);
  [[nodiscard]] static HttpTraffic http_traffic(NodeService& node);
};

}  // namespace crosspoint::nmos
