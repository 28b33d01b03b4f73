// ST 2022-7 seamless protection: the first copy of each packet passes, later copies are dropped. Sequence
// numbers (RTP's 16 bits, or RTP's plus RFC 4175's extended 16 bits for video) are unwrapped around the
// highest seen (st2110::unwrap_sequence), and a bitmap remembers which of the last `window` packets already passed.
#pragma once

#include <array>
#include <cstdint>

#include "crosspoint/engine/limits.hpp"

namespace crosspoint::engine {

enum class MergeVerdict : std::uint8_t {
  kAdvance,     // a new highest sequence number: pass (after `skipped` missing packets)
  kLateFill,    // below the highest but not seen yet: pass, fills a hole
  kDuplicate,   // already passed: drop
  kTooOld,      // before the window: drop
  kRestart,     // the sender restarted (or a replay looped): state reset, pass
};

struct MergeOutcome {
  MergeVerdict verdict = MergeVerdict::kAdvance;
  std::uint64_t skipped = 0;  // kAdvance: sequence numbers jumped over
};

class SequenceMerge {
 public:
  static constexpr std::uint32_t kMaxWindow = kMaxMergeWindow;
  // Packets older than the window in a row that mean "the sender started again".
  static constexpr std::uint32_t kRestartAfterTooOld = 8;

  // `sequence_bits` is 16 (RTP) or 32 (RTP + RFC 4175 extended); `window` <= kMaxWindow.
  MergeOutcome accept(std::uint32_t sequence, unsigned sequence_bits, std::uint32_t window);
  void reset();

 private:
  [[nodiscard]] bool seen(std::uint64_t s) const {
    return (seen_[(s / 64) % kWords] >> (s % 64)) & 1U;
  }
  void mark(std::uint64_t s) { seen_[(s / 64) % kWords] |= std::uint64_t{1} << (s % 64); }
  void clear_above_highest(std::uint64_t count);

  static constexpr std::uint32_t kWords = kMaxWindow / 64;
  bool started_ = false;
  std::uint64_t highest_ = 0;
  std::uint32_t too_old_in_a_row_ = 0;
  std::array<std::uint64_t, kWords> seen_{};
};

}  // namespace crosspoint::engine
