// One call from an Ethernet frame to its RTP payload: the classify step of the data path and the first
// step of every analyzer. Offsets let the engine rewrite headers in place.
#pragma once

#include <cstddef>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::st2110 {

struct RtpPacketView {
  EthernetHeader ethernet;
  Ipv4Header ip;
  UdpHeader udp;
  RtpHeader rtp;
  std::size_t ip_offset = 0;
  std::size_t udp_offset = 0;
  std::size_t rtp_offset = 0;
  Bytes payload;  // RTP payload without padding; only its captured part when the capture cut the frame
  std::size_t payload_wire_length = 0;  // the payload's length on the wire (padding excluded when known)

  [[nodiscard]] bool payload_truncated() const { return payload.size() < payload_wire_length; }
};

// Ethernet (optionally VLAN-tagged) / IPv4 / UDP / RTP; the first layer that fails names the reason. For a
// capture record whose frame was `wire_length` octets on the wire but cut by the snap length: headers must be
// whole, lengths are checked against the wire, the payload is what was captured.
Expected<RtpPacketView, ParseError> parse_rtp_packet(Bytes frame, std::size_t wire_length = kWholePacket);

}  // namespace crosspoint::st2110
