// Test flows built with the st2110 writers: RTP video (RFC 4175 payload header, one SRD) and audio whose
// payload bytes name the stream, frame and packet they belong to, so an output packet can be traced
// back to the input packet it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::engine::test {

using Frame = std::vector<std::uint8_t>;

struct StreamSpec {
  std::uint8_t tag = 1;  // written into every payload byte group: which stream a packet came from
  st2110::MediaType media = st2110::MediaType::kVideo;
  st2110::Ipv4Address source{0xC0000201};       // 192.0.2.1
  st2110::Ipv4Address destination{0xEF010101};  // 239.1.1.1
  std::uint16_t udp_port = 5004;
  std::uint32_t ssrc = 0x1111;
  std::uint32_t packets_per_frame = 8;
  std::uint32_t payload_bytes = 1200;           // sample data per packet (video) or PCM bytes (audio)
  std::uint32_t first_sequence = 65530;         // near the wrap, so the extended sequence is exercised
  std::uint32_t timestamp_step = 1501;          // 90 kHz ticks per 59.94 Hz frame
};

// What a test reads back out of a payload.
struct PacketIdentity {
  std::uint8_t tag = 0;
  std::uint32_t frame = 0;
  std::uint32_t packet = 0;  // within the frame
};

class StreamBuilder {
 public:
  explicit StreamBuilder(StreamSpec spec) : spec_(spec) {}

  // The packet `index` (counting from 0) of the stream.
  [[nodiscard]] Frame packet(std::uint64_t index) const;
  [[nodiscard]] const StreamSpec& spec() const { return spec_; }

 private:
  StreamSpec spec_;
};

// The payload bytes after the RTP header and (video) extended sequence number.
st2110::Bytes media_payload(const st2110::RtpPacketView& view, st2110::MediaType media);
PacketIdentity identify(const st2110::RtpPacketView& view, st2110::MediaType media);
// The 32-bit (video) or 16-bit sequence number of a packet.
std::uint32_t sequence_of(const st2110::RtpPacketView& view, st2110::MediaType media);

}  // namespace crosspoint::engine::test
