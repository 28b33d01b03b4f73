// Where an output's switches landed, for the control plane: the worker records each landing, with the
// due requests it passed over, in a short ring that any thread searches without a lock. The control plane
// looks at least once between two arms of an output (it prunes what landed), and at most the kMaxArmedSwitches
// it armed can land in between, so a ring of twice that never loses one it has not seen.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "crosspoint/engine/limits.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/time/seqlock.hpp"
#include "input_slot.hpp"

namespace crosspoint::engine {

// Trivially copyable, so SeqLock may copy it as words.
struct Landing {
  std::uint64_t request = 0;  // 0: nothing landed
  InputHandle input;          // none: the switch disconnected the output
  Nanoseconds local_ns = 0;
  std::uint32_t first_rtp_timestamp = 0;
  std::uint64_t output_packet_index = 0;
  // Requests due with it and armed to land before it: the output went straight to this one.
  std::array<std::uint64_t, kMaxArmedSwitches> superseded{};
  std::uint8_t superseded_count = 0;

  [[nodiscard]] bool settles(std::uint64_t id) const {
    if (id == request) return true;
    for (std::uint8_t i = 0; i < superseded_count; ++i) {
      if (superseded[i] == id) return true;
    }
    return false;
  }
};

class LandingHistory {
 public:
  static constexpr std::size_t kDepth = 2 * kMaxArmedSwitches;

  // The worker only.
  void record(const Landing& landing) {
    const std::uint64_t n = count_.load(std::memory_order_relaxed);
    entries_[n % kDepth].store(landing);
    count_.store(n + 1, std::memory_order_release);
  }
  // The worker only, for a fresh output.
  void clear() {
    count_.store(0, std::memory_order_release);
    for (auto& entry : entries_) entry.store(Landing{});
  }

  [[nodiscard]] std::optional<Landing> latest() const {
    const std::uint64_t n = count_.load(std::memory_order_acquire);
    if (n == 0) return std::nullopt;
    return entries_[(n - 1) % kDepth].load();
  }
  // The landing that settled `request`: its own, or the one that superseded it.
  [[nodiscard]] std::optional<Landing> settling(std::uint64_t request) const {
    for (const auto& entry : entries_) {
      const Landing landing = entry.load();
      if (landing.request != 0 && landing.settles(request)) return landing;
    }
    return std::nullopt;
  }

 private:
  std::array<SeqLock<Landing>, kDepth> entries_;
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace crosspoint::engine
