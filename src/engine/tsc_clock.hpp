// The worker's reading of time: the TSC (rte_rdtsc, one instruction) mapped onto CLOCK_MONOTONIC_RAW, the
// ClockModel's local timeline. The rate is measured against that clock from the worker's start and the
// mapping re-anchored every few milliseconds, so a rounded rte_get_tsc_hz() (DPDK rounds to 10 MHz) never
// stretches a schedule. One per worker; not shared.
#pragma once

#include <cstdint>

#include <rte_cycles.h>

#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

class TscClock {
 public:
  TscClock() { restart(); }

  void restart() {
    first_tsc_ = anchor_tsc_ = rte_rdtsc();
    first_ns_ = anchor_ns_ = monotonic_raw_now();
    cycles_per_ns_ = static_cast<double>(rte_get_tsc_hz()) / 1e9;
  }

  // Re-anchors when the last anchor is older than kAnchorPeriod; `tsc` is a fresh rte_rdtsc().
  void refresh(std::uint64_t tsc) {
    if (tsc - anchor_tsc_ < anchor_cycles()) return;
    anchor_tsc_ = rte_rdtsc();
    anchor_ns_ = monotonic_raw_now();
    // The rate over everything seen so far, once that spans long enough to beat clock_gettime's jitter.
    if (anchor_ns_ - first_ns_ > kMeasureAfterNs) {
      cycles_per_ns_ = static_cast<double>(anchor_tsc_ - first_tsc_) / static_cast<double>(anchor_ns_ - first_ns_);
    }
  }

  // The TSC reading at local instant `local_ns`.
  [[nodiscard]] std::uint64_t tsc_at(Nanoseconds local_ns) const {
    return static_cast<std::uint64_t>(static_cast<double>(anchor_tsc_) +
                                      static_cast<double>(local_ns - anchor_ns_) * cycles_per_ns_);
  }
  // The local instant of TSC reading `tsc`.
  [[nodiscard]] Nanoseconds local_at(std::uint64_t tsc) const {
    return anchor_ns_ + static_cast<Nanoseconds>(static_cast<double>(static_cast<std::int64_t>(tsc - anchor_tsc_)) /
                                                 cycles_per_ns_);
  }
  [[nodiscard]] double cycles_per_ns() const { return cycles_per_ns_; }

 private:
  static constexpr Nanoseconds kAnchorPeriodNs = 5'000'000;
  static constexpr Nanoseconds kMeasureAfterNs = 50'000'000;
  [[nodiscard]] std::uint64_t anchor_cycles() const {
    return static_cast<std::uint64_t>(static_cast<double>(kAnchorPeriodNs) * cycles_per_ns_);
  }

  std::uint64_t first_tsc_ = 0;
  Nanoseconds first_ns_ = 0;
  std::uint64_t anchor_tsc_ = 0;
  Nanoseconds anchor_ns_ = 0;
  double cycles_per_ns_ = 1.0;
};

}  // namespace crosspoint::engine
