// The engine's own pcap replay port ("replay:<name>,file=<pcap>[,paced][,loop]"): a thread reads the
// capture and hands its frames to an ethdev built over rte_rings, either as fast as the engine takes
// them or paced by the capture's timestamps (each frame no earlier than its offset from the first one;
// accuracy is the thread's sleep granularity, tens of microseconds). net_pcap's rx_pcap replays only
// as fast as possible; this port is for timing-sensitive tests and demos. Frames the engine sends to
// the port are dropped.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include <rte_mempool.h>
#include <rte_ring.h>

#include "crosspoint/engine/engine_error.hpp"

namespace crosspoint::engine {

struct ReplayOptions {
  std::string name;
  std::string file;
  bool paced = false;
  bool loop = false;
};

// Parses "replay:<name>,file=<path>[,paced][,loop]"; nullopt-like error when malformed.
Expected<ReplayOptions, EngineError> parse_replay_device(const std::string& device);
[[nodiscard]] inline bool is_replay_device(const std::string& device) { return device.rfind("replay:", 0) == 0; }

class ReplaySource {
 public:
  // Creates the frame pool, the rings and the ethdev named options.name, and starts the reading thread.
  static Expected<std::unique_ptr<ReplaySource>, EngineError> start(const ReplayOptions& options);
  ~ReplaySource();  // stops the thread and frees queued frames; the ethdev is closed by its owner first
  ReplaySource(const ReplaySource&) = delete;
  ReplaySource& operator=(const ReplaySource&) = delete;

  [[nodiscard]] std::uint16_t port_id() const { return port_id_; }
  [[nodiscard]] std::uint64_t frames_replayed() const { return replayed_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t mbufs_in_use() const { return rte_mempool_in_use_count(pool_); }

 private:
  ReplaySource() = default;
  void run();

  ReplayOptions options_;
  // The thread's own pool, which it alone allocates from (see start()).
  rte_mempool* pool_ = nullptr;
  rte_ring* to_engine_ = nullptr;
  rte_ring* from_engine_ = nullptr;
  std::uint16_t port_id_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> replayed_{0};
  std::thread thread_;
};

}  // namespace crosspoint::engine
