// What the daemon serves on the node's HTTP server beside the NMOS APIs (the /metrics exposition, the panel):
// GET endpoints whose body is produced on each request, and the server's own traffic counts.
//
//   WebEndpoints::serve(*node, "/metrics", [&] { return WebContent{"text/plain; version=0.0.4", render()}; });
#pragma once

#include <cstdint>
#include <functional>
#include <map>
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

struct HttpTraffic {
  std::uint64_t requests = 0;                            // requests read whole
  std::map<unsigned, std::uint64_t> responses_by_status;  // every response written, refusals included
  std::uint64_t connections_open = 0;
  std::uint64_t websockets_open = 0;
};

class WebEndpoints {
 public:
  // Serves GET `path` (exactly, or with a trailing slash) from `source` until the node stops.
  static void serve(NodeService& node, std::string_view path, WebContentSource source);
  [[nodiscard]] static HttpTraffic http_traffic(NodeService& node);
};

}  // namespace crosspoint::nmos
