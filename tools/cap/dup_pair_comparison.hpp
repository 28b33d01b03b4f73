// ST 2022-7 leg comparison: two flows with the same SSRC and sequence space on different destinations (or
// named by an SDP DUP group); what each leg lost, what the merge recovers and what is lost on both.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis_report.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

// `leg_a`, `leg_b`: the extended sequence numbers each leg received (any order, duplicates allowed). The
// two legs' extensions are aligned on their first packets, which lie within half the sequence space.
DupPairReport compare_dup_legs(const FlowKey& a, std::vector<std::uint64_t> leg_a, const FlowKey& b,
                               std::vector<std::uint64_t> leg_b);

// The arrival skew between the legs, packet by packet (`*_arrivals` in the same order as `*_received`):
// fills report.skew_ns, report.max_skew_ns and each leg's losses over time (from `origin_ns`).
void measure_dup_skew(const std::vector<std::uint64_t>& a_received, const std::vector<PacketArrival>& a_arrivals,
                      const std::vector<std::uint64_t>& b_received, const std::vector<PacketArrival>& b_arrivals,
                      std::uint64_t origin_ns, DupPairReport& report);

}  // namespace crosspoint::cap
