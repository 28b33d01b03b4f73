// Why the server refused or cut a connection or a request, and how often: counted on the io threads without
// a lock, read by /metrics as crosspoint_http_refused_total{reason}.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace crosspoint::nmos::http {

enum class Refusal : std::size_t {
  kConnectionLimit,     // a new connection closed at once: max_connections open and none of them idle
  kAcceptFailed,        // accept() failed, typically out of file descriptors
  kEvicted,             // an idle or slow connection closed to make room for a new one
  kReadTimeout,         // a request begun but not whole within read_timeout (slowloris)
  kWriteTimeout,        // a client that did not read its response within write_timeout
  kHeaderTooLarge,      // 431
  kBodyTooLarge,        // 413
  kMalformed,           // 400: not HTTP/1.1
  kWebSocketQueueFull,  // a WebSocket client that let websocket_queue_limit messages queue up
  kCount
};

[[nodiscard]] constexpr std::string_view to_string(Refusal reason) {
  constexpr std::array<std::string_view, static_cast<std::size_t>(Refusal::kCount)> kNames{
      "connection_limit", "accept_failed", "evicted", "read_timeout", "write_timeout", "header_too_large",
      "body_too_large", "malformed", "websocket_queue_full"};
  return kNames[static_cast<std::size_t>(reason)];
}

class RefusalCounts {
 public:
  void count(Refusal reason) { counts_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t of(Refusal reason) const {
    return counts_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
  // Every reason, zeros included, so a dashboard sees the series before the first refusal.
  [[nodiscard]] std::map<std::string, std::uint64_t> by_reason() const {
    std::map<std::string, std::uint64_t> all;
    for (std::size_t i = 0; i < counts_.size(); ++i) all.emplace(to_string(static_cast<Refusal>(i)), of(static_cast<Refusal>(i)));
    return all;
  }

 private:
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Refusal::kCount)> counts_{};
};

}  // namespace crosspoint::nmos::http
