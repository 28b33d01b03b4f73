// RTP sequence accounting of one flow: gaps, missing packets, duplicates and reorders, and the extended
// sequence numbers received (for the ST 2022-7 comparison).
#pragma once

#include <bitset>
#include <cstdint>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::cap {

class SequenceTracker {
 public:
  void add(std::uint16_t sequence);

  [[nodiscard]] const SequenceReport& report() const { return report_; }
  // Every extended sequence number received, in arrival order (duplicates included).
  // Empty after stop_recording(): a flow that cannot be a ST 2022-7 leg keeps no per-packet record.
  [[nodiscard]] const std::vector<std::uint64_t>& received() const { return received_; }
  void stop_recording();

 private:
  static constexpr std::size_t kWindow = 8192;  // how far back a late or repeated packet is recognised

  st2110::ExtendedSequence extended_;
  std::uint64_t highest_ = 0;
  bool started_ = false;
  std::bitset<kWindow> seen_;
  SequenceReport report_;
  std::vector<std::uint64_t> received_;
  bool recording_ = true;
};

}  // namespace crosspoint::cap
