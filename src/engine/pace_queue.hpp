// The packets one paced output holds until they are due: a fixed ring, first in first out (an output's
// packets never overtake each other), each with its due TSC; the leg's port rides in mbuf->port.
#pragma once

#include <array>
#include <cstdint>

#include <rte_mbuf.h>

#include "crosspoint/engine/limits.hpp"

namespace crosspoint::engine {

struct HeldPacket {
  rte_mbuf* m = nullptr;
  std::uint64_t due_tsc = 0;
};

class PaceQueue {
 public:
  static_assert((kPaceQueueDepth & (kPaceQueueDepth - 1)) == 0, "a power of two");

  [[nodiscard]] bool empty() const { return head_ == tail_; }
  [[nodiscard]] bool full() const { return tail_ - head_ == kPaceQueueDepth; }
  [[nodiscard]] std::uint32_t size() const { return tail_ - head_; }
  // Not full (check first).
  void push(rte_mbuf* m, std::uint64_t due_tsc) { slots_[tail_++ & (kPaceQueueDepth - 1)] = HeldPacket{m, due_tsc}; }
  [[nodiscard]] const HeldPacket& front() const { return slots_[head_ & (kPaceQueueDepth - 1)]; }
  void pop() { ++head_; }
  // Frees every held packet.
  void clear() {
    while (!empty()) {
      rte_pktmbuf_free(front().m);
      pop();
    }
  }

 private:
  std::array<HeldPacket, kPaceQueueDepth> slots_{};
  std::uint32_t head_ = 0;
  std::uint32_t tail_ = 0;
};

}  // namespace crosspoint::engine
