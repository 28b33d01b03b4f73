// What every session of one server shares: the routes, the limits and the counters.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "crosspoint/nmos/http_server_options.hpp"
#include "nmos/http/refusal.hpp"
#include "nmos/http/response_counts.hpp"
#include "nmos/http/router.hpp"
#include "nmos/http/waiting_sessions.hpp"

namespace crosspoint::nmos::http {

// A connection the server can cut when it stops.
class ClosableSession {
 public:
  virtual ~ClosableSession() = default;
  // Closes the socket now; called only when no io thread runs.
  virtual void close_socket() = 0;
};

// The live sessions of a server, so stop() can close them instead of leaving clients hanging.
class SessionRegistry {
 public:
  std::uint64_t add(std::weak_ptr<ClosableSession> session) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    sessions_.emplace(id, std::move(session));
    return id;
  }
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
  }
  void close_all() {
    std::unordered_map<std::uint64_t, std::weak_ptr<ClosableSession>> sessions;
    {
      std::lock_guard lock(mutex_);
      sessions = sessions_;
    }
    for (auto& [id, weak] : sessions)
      if (auto session = weak.lock()) session->close_socket();
  }

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<ClosableSession>> sessions_;
};

struct ServerState {
  ServerOptions options;
  Router router;
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> websockets_open{0};
  std::atomic<std::uint64_t> next_websocket_id{1};
  ResponseCounts responses;
  RefusalCounts refusals;
  SessionRegistry sessions;
  WaitingSessions waiting;
};

// Counts an open connection for as long as it lives.
class OpenConnection {
 public:
  explicit OpenConnection(std::shared_ptr<ServerState> state) : state_(std::move(state)) { ++state_->connections_open; }
  // Takes over the count: an upgraded connection passes from its HTTP session to its WebSocket session counted
  // once, even while another io thread accepts (counted twice, a full server refused the next client). The
  // moved-from one still reaches the state.
  OpenConnection(OpenConnection&& other) noexcept : state_(other.state_), counted_(std::exchange(other.counted_, false)) {}
  ~OpenConnection() {
    if (counted_) --state_->connections_open;
  }
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;
  OpenConnection& operator=(OpenConnection&&) = delete;
  [[nodiscard]] ServerState& state() const { return *state_; }

 private:
  std::shared_ptr<ServerState> state_;
  bool counted_ = true;
};

}  // namespace crosspoint::nmos::http
