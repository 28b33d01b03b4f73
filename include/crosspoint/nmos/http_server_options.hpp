// How the NMOS HTTP/WebSocket server listens and what it tolerates from clients.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace crosspoint::nmos::http {

struct ServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal; "0.0.0.0" for every interface
  std::uint16_t port = 0;             // 0 lets the kernel choose; the server reports the bound port
  unsigned threads = 1;               // io threads running the sessions and handlers
  std::size_t body_limit = 1 << 20;   // larger request bodies get 413
  std::uint32_t header_limit = 16 << 10;  // larger request headers get 431
  // A request must arrive whole within this; an idle keep-alive connection is closed after it too.
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds write_timeout{15000};
  std::size_t max_connections = 16000;  // beyond this, new connections are closed at once
  std::size_t websocket_queue_limit = 4096;  // queued messages before a slow WebSocket client is dropped
};

}  // namespace crosspoint::nmos::http
