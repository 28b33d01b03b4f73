// Every port's link, polled by a control-plane thread (the data path never asks): whether it is up now and
// how many times it went down since start, for the stats.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace crosspoint::engine {

class LinkWatch {
 public:
  LinkWatch() = default;
  ~LinkWatch() { stop(); }
  LinkWatch(const LinkWatch&) = delete;
  LinkWatch& operator=(const LinkWatch&) = delete;

  // Reads every port at once, then every `period` until stop().
  void start(std::vector<std::uint16_t> port_ids, std::chrono::milliseconds period = std::chrono::milliseconds(100));
  void stop();

  [[nodiscard]] bool up(std::size_t port) const;
  [[nodiscard]] std::uint64_t downs(std::size_t port) const;

 private:
  struct Link {
    std::atomic<bool> up{false};
    std::atomic<std::uint64_t> downs{0};
  };
  void poll();

  std::vector<std::uint16_t> port_ids_;
  std::unique_ptr<Link[]> links_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace crosspoint::engine
