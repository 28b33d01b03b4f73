// The one EAL of the test process (DPDK initialises it once) and ports the test drives directly: an
// ethdev over two rte_rings, so a test decides exactly which packets the engine sees between control
// calls and reads every packet the engine sends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "crosspoint/engine/config.hpp"
#include "test_streams.hpp"

namespace crosspoint::engine::test {

// Initialises the EAL for the whole test process: --no-huge --no-pci, two lcores, a unique file prefix.
void ensure_eal();
EalConfig test_eal_config();
// An engine config for tests: idle workers sleep so the shared machine keeps its cores.
EngineConfig test_engine_config();

class RingPort {
 public:
  RingPort();  // creates rings and the ethdev under a unique name
  ~RingPort();
  RingPort(const RingPort&) = delete;
  RingPort& operator=(const RingPort&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  // Queues a frame for the engine to receive (waits while the ring is full).
  void send(const Frame& frame);
  // Takes every frame the engine has sent so far, linearised, and frees their mbufs.
  std::vector<Frame> take_sent();
  // Takes sent frames until at least `count` have come or `limit` passes; returns every frame taken.
  std::vector<Frame> wait_sent(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10));
  [[nodiscard]] unsigned pending_to_engine() const { return rte_ring_count(to_engine_); }

 private:
  std::string name_;
  rte_ring* to_engine_ = nullptr;
  rte_ring* from_engine_ = nullptr;
};

rte_mempool* test_mempool();
// An mbuf from test_mempool() holding `frame` (the caller frees it), and the frame an mbuf chain holds.
rte_mbuf* mbuf_of(const Frame& frame);
Frame frame_of(const rte_mbuf* m);

// Polls `done` until it holds or `limit` passes; returns its last answer.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(10));

}  // namespace crosspoint::engine::test
