// A generated flow as the capture writer sees it: packets in send order, each an Ethernet frame with the
// PTP (TAI) instant it leaves the sender.
#pragma once

#include <cstdint>
#include <span>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::cap {

struct GeneratedPacket {
  Nanoseconds send_time_ns = 0;           // TAI nanoseconds since the PTP epoch
  std::uint64_t index = 0;                // 0-based count of the flow's packets (what loss patterns name)
  std::span<const std::uint8_t> frame;    // valid until the source's next call to next()
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  // Fills `packet` with the flow's next packet; false once the flow has sent everything.
  virtual bool next(GeneratedPacket& packet) = 0;
};

}  // namespace crosspoint::cap
