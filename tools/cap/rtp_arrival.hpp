// Packet arrival against RTP time: the media clock instant an RTP timestamp names, taken in the 2^32 wrap
// nearest the arrival, and how long after it the packet came.
#pragma once

#include <cstdint>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::cap {

// One packet as the timing analyses keep it.
struct PacketArrival {
  Nanoseconds arrival_ns = 0;
  std::uint32_t rtp_timestamp = 0;
};

// The full tick count (since the PTP epoch) of `timestamp`, in the wrap nearest `arrival_ns`.
std::int64_t unwrapped_rtp_ticks(Nanoseconds arrival_ns, std::uint32_t timestamp, std::uint32_t clock_rate);

// Nanoseconds from the RTP time of `timestamp` to `arrival_ns` (negative: the packet came early).
double arrival_after_rtp_ns(Nanoseconds arrival_ns, std::uint32_t timestamp, std::uint32_t clock_rate);

}  // namespace crosspoint::cap
