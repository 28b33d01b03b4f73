// How long a paced output's packets waited in its queue, from held to handed to the send buffers: a
// log-linear histogram in TSC cycles (eight buckets per power of two, so a percentile is known to within
// 1/16 of its value) that the worker fills with one relaxed add a packet and the control plane reads.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace crosspoint::engine {

class HoldTimeHistogram {
 public:
  static constexpr unsigned kSubBuckets = 8;
  // Up to 2^40 cycles (minutes at any TSC rate); longer waits land in the last bucket.
  static constexpr std::size_t kBuckets = (40 - 2) * kSubBuckets;

  void add(std::uint64_t cycles) {
    std::atomic<std::uint64_t>& bucket = buckets_[index_of(cycles)];
    bucket.store(bucket.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  void reset() {
    for (auto& b : buckets_) b.store(0, std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t count() const {
    std::uint64_t n = 0;
    for (const auto& b : buckets_) n += b.load(std::memory_order_relaxed);
    return n;
  }
  // The wait that `fraction` (0..1) of the packets did not exceed, in cycles (a bucket's middle); 0 when empty.
  [[nodiscard]] double quantile_cycles(double fraction) const {
    const std::uint64_t total = count();
    if (total == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(fraction * static_cast<double>(total - 1));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += buckets_[i].load(std::memory_order_relaxed);
      if (seen > rank) return (static_cast<double>(lower_bound(i)) + static_cast<double>(lower_bound(i + 1))) / 2;
    }
    return static_cast<double>(lower_bound(kBuckets));
  }

  static std::size_t index_of(std::uint64_t cycles) {
    if (cycles < kSubBuckets) return static_cast<std::size_t>(cycles);
    const unsigned exponent = static_cast<unsigned>(std::bit_width(cycles)) - 1;  // 3 or more
    const std::size_t index = (exponent - 2) * kSubBuckets + ((cycles >> (exponent - 3)) & (kSubBuckets - 1));
    return index < kBuckets ? index : kBuckets - 1;
  }
  // The least value of bucket `i` (i = kBuckets: the end of the range).
  static std::uint64_t lower_bound(std::size_t i) {
    if (i < kSubBuckets) return i;
    const std::size_t exponent = i / kSubBuckets + 2;
    return (std::uint64_t{1} << exponent) + (std::uint64_t{i % kSubBuckets} << (exponent - 3));
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
};

}  // namespace crosspoint::engine
