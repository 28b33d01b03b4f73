// ST 2022-7 leg comparison: two flows with the same SSRC and sequence space on different destinations (or
// named by an SDP DUP group); what each leg lost, what the merge recovers, what is lost on both, and the
// arrival skew between the legs. Packets are taken as they come and judged in a sliding window of sequence
// numbers, so the memory a pair takes does not grow with the capture.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis_report.hpp"
#include "plot_series.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

class DupPairComparison {
 public:
  // `a_first`, `b_first`: each leg's first extended sequence number (each leg extends its own 16-bit
  // numbers); the legs' extensions are aligned on them, which lie within half the sequence space.
  DupPairComparison(const FlowKey& a, std::uint64_t a_first, const FlowKey& b, std::uint64_t b_first, bool from_sdp);

  // A packet of leg 0 (A) or 1 (B), in capture order across both legs.
  void add(std::size_t leg, std::uint64_t extended_sequence, Nanoseconds arrival_ns);
  // The comparison; plots over capture time from `origin_ns`.
  [[nodiscard]] DupPairReport finish(std::uint64_t origin_ns);

  [[nodiscard]] const FlowKey& key(std::size_t leg) const { return keys_[leg]; }
  [[nodiscard]] bool from_sdp() const { return from_sdp_; }

 private:
  // How far behind the highest sequence number a packet still counts: a packet later than this is lost.
  static constexpr std::uint64_t kWindow = std::uint64_t{1} << 16;
  struct Slot {
    bool on[2] = {false, false};
    Nanoseconds first_arrival[2] = {0, 0};
  };
  struct LegSpan {
    bool seen = false;
    std::uint64_t lowest = 0;
    std::uint64_t highest = 0;
    std::uint64_t distinct = 0;
    std::uint64_t holes_filled_pending = 0;  // filled by the other leg since this leg's last packet
    std::uint64_t holes_filled = 0;
  };
  Slot& slot(std::uint64_t sequence) { return slots_[sequence % kWindow]; }
  // Judges every sequence number below `new_base`: on both legs, one, or none.
  void advance_to(std::uint64_t new_base);

  FlowKey keys_[2];
  bool from_sdp_;
  std::int64_t b_shift_;  // added to B's numbers to put them in A's extension
  std::vector<Slot> slots_;
  bool started_ = false;
  std::uint64_t base_ = 0;     // lowest sequence number not yet judged
  std::uint64_t lowest_ = 0;   // over both legs
  std::uint64_t highest_ = 0;
  std::uint64_t merged_ = 0;
  LegSpan legs_[2];
  Range skew_ns_;
  double max_skew_ns_ = 0;
  PlotSeriesBuilder lost_on_[2];
};

}  // namespace crosspoint::cap
