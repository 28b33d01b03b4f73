// Why received PTP messages were ignored, counted by reason: malformed (the decoder's MessageError), from
// another domain, from ourselves, from a port that is not our master, or unmatched.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "message.hpp"

namespace crosspoint::ptp {

enum class DropReason : std::uint8_t {
  kTruncatedHeader,
  kUnsupportedVersion,
  kLengthBeyondBuffer,
  kLengthTooSmall,
  kUnknownType,
  kMalformedTlv,
  kForeignDomain,
  kFromSelf,
  kNotFromParent,        // Sync, Follow_Up or Delay_Resp from a port we do not follow
  kUnmatchedSequence,    // a Follow_Up or Delay_Resp with no outstanding Sync or Delay_Req
  kMissingTimestamp,     // an event message without a receive timestamp
  kNotForUs,             // Delay_Resp for another slave, management for another clock
  kCount,
};
[[nodiscard]] std::string_view to_string(DropReason reason);
[[nodiscard]] constexpr DropReason drop_reason(MessageError error) { return static_cast<DropReason>(error); }

class DropCounters {
 public:
  void count(DropReason reason) { counts_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t get(DropReason reason) const {
    return counts_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t sum = 0;
    for (const auto& c : counts_) sum += c.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(DropReason::kCount)> counts_{};
};

}  // namespace crosspoint::ptp
