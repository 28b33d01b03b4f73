// The packets one paced output holds until they are due: a ring, first in first out (an output's packets
// never overtake each other), each with its due TSC and the TSC it was held at; the leg's port rides in
// mbuf->port. The ring's slots are allocated by the control plane (PaceSlots, sized by pace_queue_depth) and
// handed to the worker in the forwarding table; the worker only points at them.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>

#include <rte_mbuf.h>

namespace crosspoint::engine {

struct HeldPacket {
  rte_mbuf* m = nullptr;
  std::uint64_t due_tsc = 0;
  std::uint64_t held_tsc = 0;
};

// The slots of one output's queue (a power of two of them), allocated and touched when the control plane
// builds a table, freed once no worker can point at them.
class PaceSlots {
 public:
  explicit PaceSlots(std::uint32_t capacity) : capacity_(std::bit_ceil(capacity)), slots_(new HeldPacket[capacity_]{}) {}
  [[nodiscard]] std::uint32_t capacity() const { return capacity_; }
  [[nodiscard]] HeldPacket* data() const { return slots_.get(); }

 private:
  std::uint32_t capacity_;
  std::unique_ptr<HeldPacket[]> slots_;
};

class PaceQueue {
 public:
  [[nodiscard]] bool empty() const { return head_ == tail_; }
  // Without slots (a passthrough output) the queue is empty and full.
  [[nodiscard]] bool full() const { return tail_ - head_ == capacity_; }
  [[nodiscard]] std::uint32_t size() const { return tail_ - head_; }
  [[nodiscard]] std::uint32_t capacity() const { return capacity_; }
  // Not full (check first).
  void push(rte_mbuf* m, std::uint64_t due_tsc, std::uint64_t held_tsc) {
    slots_[tail_++ & (capacity_ - 1)] = HeldPacket{m, due_tsc, held_tsc};
  }
  // Not empty (check first).
  [[nodiscard]] const HeldPacket& front() const { return slots_[head_ & (capacity_ - 1)]; }
  void pop() { ++head_; }
  // Frees every held packet.
  void clear() {
    while (!empty()) {
      rte_pktmbuf_free(front().m);
      pop();
    }
  }
  // Takes `slots` (nullptr: none) when they are not the ones in use: the held packets move into them in order;
  // the oldest that do not fit are handed to `overflow(mbuf)` first. Called when a table is taken, not per packet.
  template <typename Overflow>
  void adopt(const PaceSlots* slots, Overflow&& overflow) {
    HeldPacket* data = slots != nullptr ? slots->data() : nullptr;
    if (data == slots_) return;
    const std::uint32_t capacity = slots != nullptr ? slots->capacity() : 0;
    for (; size() > capacity; pop()) overflow(front().m);
    std::uint32_t moved = 0;
    for (; !empty(); pop()) data[moved++] = front();
    slots_ = data;
    capacity_ = capacity;
    head_ = 0;
    tail_ = moved;
  }

 private:
  HeldPacket* slots_ = nullptr;
  std::uint32_t capacity_ = 0;
  std::uint32_t head_ = 0;
  std::uint32_t tail_ = 0;
};

}  // namespace crosspoint::engine
