#include "crosspoint/engine/drop_reason.hpp"

namespace crosspoint::engine {

const char* to_string(DropReason reason) {
  if (reason < DropReason::kFirstEngineReason) return st2110::to_string(static_cast<st2110::ParseError>(reason));
  switch (reason) {
    case DropReason::kMultiSegment: return "multi_segment";
    case DropReason::kUnmatchedFlow: return "unmatched_flow";
    case DropReason::kArpNotForUs: return "arp_not_for_us";
    case DropReason::kIgmp: return "igmp";
    case DropReason::kQueryBacklog: return "query_backlog";
    case DropReason::kNoRoute: return "no_route";
    case DropReason::kDuplicate: return "duplicate";
    case DropReason::kOutsideMergeWindow: return "outside_merge_window";
    case DropReason::kMempoolExhausted: return "mempool_exhausted";
    case DropReason::kHeaderTooLong: return "header_too_long";
    case DropReason::kTxFull: return "tx_full";
    case DropReason::kUnresolvedDestination: return "unresolved_destination";
    default: return "unknown";
  }
}

}  // namespace crosspoint::engine
