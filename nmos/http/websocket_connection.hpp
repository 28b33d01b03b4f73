// What the rest of crosspoint sees of an open WebSocket: a thread-safe sender, and the callbacks of an endpoint.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queues a text message; safe from any thread. A client that lets too much queue up is disconnected.
  virtual void send(std::string text) = 0;
  // Starts a normal close; on_close follows.
  virtual void close() = 0;
  // Unique within the process.
  [[nodiscard]] virtual std::uint64_t id() const = 0;
};

using WebSocketPtr = std::shared_ptr<WebSocketConnection>;

// An endpoint registered with Router::add_websocket. Every callback may be empty. Callbacks run on an io
// thread of the server and must not block.
struct WebSocketHandlers {
  // Decides on the upgrade: nullopt accepts it, a response refuses it (e.g. 404 for an unknown subscription).
  std::function<std::optional<Response>(const RequestContext&)> accept;
  // After the handshake; the connection may be kept and used from any thread.
  std::function<void(const WebSocketPtr&, const RequestContext&)> on_open;
  std::function<void(const WebSocketPtr&, std::string_view message)> on_message;
  // Once, when the connection is gone for whatever reason.
  std::function<void(const WebSocketPtr&)> on_close;
};

}  // namespace crosspoint::nmos::http
