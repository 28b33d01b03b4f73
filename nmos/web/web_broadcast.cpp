// WebEndpoints::broadcast: the open connections of one WebSocket path, each sent every message.
#include <mutex>
#include <unordered_map>

#include "crosspoint/nmos/web_endpoints.hpp"
#include "nmos/node/node_service_access.hpp"

namespace crosspoint::nmos {

namespace {

class Broadcast final : public WebBroadcast {
 public:
  void send(const std::string& text) override {
    std::lock_guard lock(mutex_);
    for (auto& [id, connection] : connections_) connection->send(text);
  }
  [[nodiscard]] std::size_t watchers() const override {
    std::lock_guard lock(mutex_);
    return connections_.size();
  }
  void opened(const http::WebSocketPtr& connection) {
    std::lock_guard lock(mutex_);
    connections_[connection->id()] = connection;
  }
  void closed(const http::WebSocketPtr& connection) {
    std::lock_guard lock(mutex_);
    connections_.erase(connection->id());
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, http::WebSocketPtr> connections_;
};

}  // namespace

std::shared_ptr<WebBroadcast> WebEndpoints::broadcast(NodeService& node, std::string_view path) {
  auto broadcast = std::make_shared<Broadcast>();
  http::WebSocketHandlers handlers;
  // The router holds the endpoint weakly: the connections end with the broadcast's owner.
  std::weak_ptr<Broadcast> weak = broadcast;
  handlers.on_open = [weak](const http::WebSocketPtr& connection, const http::RequestContext&) {
    if (auto alive = weak.lock()) alive->opened(connection);
    else connection->close();
  };
  handlers.on_close = [weak](const http::WebSocketPtr& connection) {
    if (auto alive = weak.lock()) alive->closed(connection);
  };
  NodeServiceAccess::server(node).router().add_websocket(path, std::move(handlers));
  return broadcast;
}

}  // namespace crosspoint::nmos
