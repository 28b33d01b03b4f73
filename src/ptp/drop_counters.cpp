#include "drop_counters.hpp"

namespace crosspoint::ptp {

static_assert(static_cast<int>(DropReason::kMalformedTlv) == static_cast<int>(MessageError::kMalformedTlv),
              "the first drop reasons mirror MessageError");

std::string_view to_string(DropReason reason) {
  if (reason < DropReason::kForeignDomain) return to_string(static_cast<MessageError>(reason));
  switch (reason) {
    case DropReason::kForeignDomain: return "foreign domain";
    case DropReason::kFromSelf: return "from ourselves";
    case DropReason::kNotFromParent: return "not from our master";
    case DropReason::kUnmatchedSequence: return "unmatched sequence id";
    case DropReason::kMissingTimestamp: return "no receive timestamp";
    case DropReason::kNotForUs: return "addressed to another port";
    default: return "unknown";
  }
}

}  // namespace crosspoint::ptp
