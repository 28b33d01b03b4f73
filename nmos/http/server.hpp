// An HTTP/1.1 + WebSocket server on Boost.Beast: one listening socket, its own io_context and threads, and a
// Router that every API served on this port registers into. Several servers may run in one process.
//
//   HttpServer server({.address = "127.0.0.1", .port = 3212, .threads = 2});
//   server.router().add(Method::get, "/x-nmos/node/v1.3/self", handler);
//   if (auto port = server.start(); !port) log(port.error());
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/nmos/http_server_options.hpp"
#include "nmos/http/router.hpp"
#include "nmos/http/server_stats.hpp"

namespace crosspoint::nmos::http {

struct ServerState;
class Listener;

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Register routes here, before or after start().
  [[nodiscard]] Router& router();

  // Binds, listens and starts the io threads; the bound port, or why it could not.
  Expected<std::uint16_t, std::string> start();
  // Closes the listener and every connection and joins the threads; idempotent.
  void stop();

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const ServerOptions& options() const;
  // "http://<address>:<port>" as bound (IPv6 in brackets).
  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] ServerStats stats() const;

  // The server's io_context, for timers of the APIs it serves (their callbacks must not block either).
  [[nodiscard]] boost::asio::io_context& io_context() { return io_context_; }

 private:
  std::shared_ptr<ServerState> state_;
  boost::asio::io_context io_context_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace crosspoint::nmos::http
