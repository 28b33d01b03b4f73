// One captured frame as a pcap file holds it: when it was seen, the bytes that were kept, and how long it was
// on the wire (a snap length keeps only the first bytes of each frame).
#pragma once

#include <cstdint>
#include <span>

namespace crosspoint::capture {

struct PcapRecord {
  std::uint64_t timestamp_ns = 0;          // capture time, nanoseconds since the Unix epoch as the file says
  std::span<const std::uint8_t> bytes;     // the captured bytes (caplen of them)
  std::uint32_t original_length = 0;       // the frame's length on the wire (len)

  // The capture kept fewer bytes than the frame had: headers are there, the end of the payload is not.
  [[nodiscard]] bool truncated() const { return bytes.size() < original_length; }
};

}  // namespace crosspoint::capture
