// A statistics counter written by exactly one lcore and read by the control plane at any time: relaxed
// atomics compile to plain loads and stores on x86, so counting costs no locked instruction.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "crosspoint/engine/drop_reason.hpp"

namespace crosspoint::engine {

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  void subtract(std::uint64_t n = 1) { value_.store(value_.load(std::memory_order_relaxed) - n, std::memory_order_relaxed); }
  void reset() { value_.store(0, std::memory_order_relaxed); }
  // Keeps the largest value it was given: a maximum.
  void raise_to(std::uint64_t n) {
    if (n > value_.load(std::memory_order_relaxed)) value_.store(n, std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t read() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class DropCounters {
 public:
  void add(DropReason reason, std::uint64_t n = 1) { counters_[static_cast<std::size_t>(reason)].add(n); }
  void reset() {
    for (auto& c : counters_) c.reset();
  }
  [[nodiscard]] std::uint64_t read(DropReason reason) const { return counters_[static_cast<std::size_t>(reason)].read(); }
  // Adds these counts into `sum` (the reader sums over workers).
  void accumulate(DropCounts& sum) const {
    for (std::size_t i = 0; i < kDropReasonCount; ++i) sum[i] += counters_[i].read();
  }

 private:
  std::array<Counter, kDropReasonCount> counters_{};
};

}  // namespace crosspoint::engine
