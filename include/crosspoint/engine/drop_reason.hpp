// Why the engine did not forward a packet: every parse failure has its own reason, followed by the
// engine's own. Each dropped packet increments exactly one of these counters.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::engine {

enum class DropReason : std::uint8_t {
  // st2110::ParseError values map one to one onto the first reasons.
  kFirstEngineReason = static_cast<std::uint8_t>(st2110::ParseError::kCount),
  kMultiSegment = kFirstEngineReason,  // a received packet spread over chained mbufs
  kUnmatchedFlow,                      // valid RTP, but no input listens for it
  kArpNotForUs,                        // ARP that is not a request for the port's address
  kIgmp,                               // IGMP other than queries (others' reports): seen, not forwarded
  kQueryBacklog,                       // an IGMP query beyond the 64 the control plane has not yet read
  kNoRoute,                            // matched an input that feeds no output
  kDuplicate,                          // ST 2022-7: the other leg's copy already passed
  kOutsideMergeWindow,                 // ST 2022-7: older than the merge window
  kMempoolExhausted,                   // no mbuf for a fan-out header or reference
  kHeaderTooLong,                      // fan-out: the RTP header (CSRCs, extension) outgrows a header mbuf
  kTxFull,                             // the transmit queue refused the packet
  kUnresolvedDestination,              // an output leg's unicast destination has no MAC yet (ARP unanswered)
  kCount
};

constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::kCount);

constexpr DropReason drop_reason_of(st2110::ParseError error) { return static_cast<DropReason>(error); }

// A stable name for counters, e.g. "bad_ip_checksum", "unmatched_flow", "tx_full".
const char* to_string(DropReason reason);

using DropCounts = std::array<std::uint64_t, kDropReasonCount>;

}  // namespace crosspoint::engine
