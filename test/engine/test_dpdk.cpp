#include "test_dpdk.hpp"

#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include <rte_eth_ring.h>
#include <rte_ethdev.h>

#include "crosspoint/engine/eal.hpp"

namespace crosspoint::engine::test {

EalConfig test_eal_config() {
  EalConfig eal;
  eal.cores = "0-1";
  eal.memory_mb = 512;
  eal.file_prefix = "crosspoint-test-" + std::to_string(getpid());
  eal.extra_args = {"--log-level=lib.eal:warning"};
  return eal;
}

EngineConfig test_engine_config() {
  EngineConfig config;
  config.eal = test_eal_config();
  config.workers.idle_sleep_us = 50;
  config.mempools.packet_mbufs = 8191;
  config.mempools.header_mbufs = 8191;
  config.mempools.cache_size = 64;
  return config;
}

void ensure_eal() {
  if (auto ok = initialise_eal(test_eal_config()); !ok) throw std::runtime_error(ok.error().message);
}

rte_mempool* test_mempool() {
  ensure_eal();
  static rte_mempool* pool = rte_pktmbuf_pool_create("test_frames", 16383, 64, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
  return pool;
}

RingPort::RingPort() {
  ensure_eal();
  static std::atomic<unsigned> count{0};
  const unsigned n = count++;
  name_ = "test_ring" + std::to_string(n);
  to_engine_ = rte_ring_create((name_ + "_in").c_str(), 16384, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
  from_engine_ = rte_ring_create((name_ + "_out").c_str(), 65536, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
  if (to_engine_ == nullptr || from_engine_ == nullptr) throw std::runtime_error("ring create failed");
  const int port = rte_eth_from_rings(name_.c_str(), &to_engine_, 1, &from_engine_, 1, SOCKET_ID_ANY);
  if (port < 0) throw std::runtime_error("rte_eth_from_rings failed");
  char ethdev_name[RTE_ETH_NAME_MAX_LEN] = {};
  rte_eth_dev_get_name_by_port(static_cast<std::uint16_t>(port), ethdev_name);
  name_ = ethdev_name;
}

RingPort::~RingPort() {
  take_sent();
  void* m = nullptr;
  while (rte_ring_dequeue(to_engine_, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
  std::uint16_t port = 0;
  if (rte_eth_dev_get_port_by_name(name_.c_str(), &port) == 0) rte_eth_dev_close(port);
  rte_ring_free(to_engine_);
  rte_ring_free(from_engine_);
}

rte_mbuf* mbuf_of(const Frame& frame) {
  rte_mbuf* m = rte_pktmbuf_alloc(test_mempool());
  if (m == nullptr) throw std::runtime_error("test mempool empty");
  auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, static_cast<std::uint16_t>(frame.size())));
  std::copy(frame.begin(), frame.end(), data);
  return m;
}

Frame frame_of(const rte_mbuf* m) {
  Frame frame(m->pkt_len);
  const void* data = rte_pktmbuf_read(m, 0, m->pkt_len, frame.data());
  if (data != frame.data()) std::copy_n(static_cast<const std::uint8_t*>(data), m->pkt_len, frame.begin());
  return frame;
}

void RingPort::send(const Frame& frame) {
  rte_mbuf* m = mbuf_of(frame);
  while (rte_ring_enqueue(to_engine_, m) != 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
}

std::vector<Frame> RingPort::take_sent() {
  std::vector<Frame> frames;
  void* object = nullptr;
  // Only what is queued now: against an engine that keeps sending (a looping replay) draining until empty
  // would never return.
  for (unsigned queued = rte_ring_count(from_engine_); queued > 0 && rte_ring_dequeue(from_engine_, &object) == 0;
       --queued) {
    auto* m = static_cast<rte_mbuf*>(object);
    frames.push_back(frame_of(m));
    rte_pktmbuf_free(m);
  }
  return frames;
}

std::vector<Frame> RingPort::wait_sent(std::size_t count, std::chrono::milliseconds limit) {
  std::vector<Frame> frames;
  wait_until(
      [&] {
        for (Frame& f : take_sent()) frames.push_back(std::move(f));
        return frames.size() >= count;
      },
      limit);
  return frames;
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace crosspoint::engine::test
