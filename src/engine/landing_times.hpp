// The PTP time of each landing, fixed the first time the control plane reads it. The worker records a landing
// on its local timeline; the clock model maps local time to PTP anew on every call, so without this one
// landing would read back at times that differ by hundreds of nanoseconds as the servo adjusts the rate.
#pragma once

#include <array>
#include <cstddef>

#include "crosspoint/time/ptp_time.hpp"
#include "landing_history.hpp"

namespace crosspoint::engine {

class LandingTimes {
 public:
  // The PTP time of the landing at `local_ns`: the one given before, else `to_ptp(local_ns)`, kept.
  template <typename ToPtp>
  PtpTime at(Nanoseconds local_ns, ToPtp&& to_ptp) {
    for (const Entry& entry : entries_) {
      if (entry.known && entry.local_ns == local_ns) return entry.ptp;
    }
    Entry& entry = entries_[next_++ % entries_.size()];
    entry = Entry{true, local_ns, to_ptp(local_ns)};
    return entry.ptp;
  }

 private:
  struct Entry {
    bool known = false;
    Nanoseconds local_ns = 0;
    PtpTime ptp;
  };
  // As deep as the landing history: every landing the control plane can still find keeps its time.
  std::array<Entry, LandingHistory::kDepth> entries_{};
  std::size_t next_ = 0;
};

}  // namespace crosspoint::engine
