// Where a generated flow's packets go and who they say sent them: the L2/L3/L4 and RTP identity of one
// leg, and the Ethernet/IPv4/UDP/RTP headers built from it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::cap {

struct FlowAddress {
  st2110::MacAddress source_mac{{0x02, 0x00, 0x00, 0x00, 0x21, 0x10}};  // locally administered
  st2110::Ipv4Address source{0xC0A80A01};                               // 192.168.10.1
  st2110::Ipv4Address destination{0xEF640001};                          // 239.100.0.1
  std::uint16_t source_port = 5004;
  std::uint16_t destination_port = 5004;
  std::uint32_t ssrc = 0x43500001;
  std::uint8_t payload_type = 96;

  // 01:00:5e:.. for a multicast group; a fixed locally administered address for unicast.
  [[nodiscard]] st2110::MacAddress destination_mac() const;
};

// Ethernet + IPv4 (20 octets, no options) + UDP + RTP (12 octets) in front of every generated payload.
constexpr std::size_t kRtpFrameHeaderLength = 14 + 20 + 8 + 12;

// Writes the headers of one packet carrying `payload_length` octets of RTP payload at the start of `out`
// (at least kRtpFrameHeaderLength long); the payload goes right after. Returns the header length.
std::size_t write_rtp_frame_headers(st2110::MutableBytes out, const FlowAddress& address,
                                    const st2110::RtpHeader& rtp, std::size_t payload_length,
                                    std::uint16_t ip_identification);

// Points a built frame at another destination (the second leg of an ST 2022-7 pair): MAC, IPv4 address and
// header checksum change, nothing else.
void retarget_frame(st2110::MutableBytes frame, st2110::Ipv4Address destination);

}  // namespace crosspoint::cap
