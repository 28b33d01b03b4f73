// RTP sequence accounting of one flow: gaps, missing packets, duplicates and reorders.
#pragma once

#include <bitset>
#include <cstdint>

#include "analysis_report.hpp"
#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::cap {

class SequenceTracker {
 public:
  // Returns the packet's extended sequence number (for the ST 2022-7 comparison).
  std::uint64_t add(std::uint16_t sequence);

  [[nodiscard]] const SequenceReport& report() const { return report_; }

 private:
  static constexpr std::size_t kWindow = 8192;  // how far back a late or repeated packet is recognised

  st2110::ExtendedSequence extended_;
  std::uint64_t highest_ = 0;
  bool started_ = false;
  std::bitset<kWindow> seen_;
  SequenceReport report_;
};

}  // namespace crosspoint::cap
