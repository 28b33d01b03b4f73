// One WebSocket connection after the upgrade: its own write queue (one write in flight at a time), a read
// loop feeding on_message, and on_close exactly once.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "nmos/http/router.hpp"
#include "nmos/http/server_state.hpp"
#include "nmos/http/websocket_connection.hpp"

namespace crosspoint::nmos::http {

class WebSocketSession : public WebSocketConnection,
                         public ClosableSession,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  // Takes over the HTTP session's stream and its place in the count of open connections.
  WebSocketSession(boost::beast::tcp_stream&& stream, OpenConnection&& connection, Router::WebSocketMatch match);
  ~WebSocketSession() override;

  // Completes the handshake for `match.context.request` and starts reading.
  void run();

  void send(std::string text) override;
  void close() override;
  [[nodiscard]] std::uint64_t id() const override { return id_; }
  void close_socket() override;

 private:
  void on_accept(boost::beast::error_code ec);
  void read_message();
  void on_read(boost::beast::error_code ec);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void closed();

  boost::beast::websocket::stream<boost::beast::tcp_stream> socket_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  OpenConnection connection_;
  Router::WebSocketMatch match_;
  std::uint64_t id_;
  std::uint64_t registry_id_ = 0;
  bool open_ = false;
  bool closing_ = false;
  bool close_reported_ = false;
};

}  // namespace crosspoint::nmos::http
