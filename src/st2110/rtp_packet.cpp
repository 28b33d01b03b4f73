#include "crosspoint/st2110/rtp_packet.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

Expected<RtpPacketView, ParseError> parse_rtp_packet(Bytes frame, std::size_t wire_length) {
  wire_length = std::max(wire_length, frame.size());
  RtpPacketView view;
  const auto ethernet = parse_ethernet(frame);
  if (!ethernet) return Unexpected{ethernet.error()};
  if (ethernet->ether_type != kEtherTypeIpv4) return Unexpected{ParseError::kNotIpv4};
  view.ethernet = *ethernet;
  view.ip_offset = ethernet->length();

  const auto ip = parse_ipv4(frame.subspan(view.ip_offset), wire_length - view.ip_offset);
  if (!ip) return Unexpected{ip.error()};
  if (ip->protocol != kIpProtocolUdp) return Unexpected{ParseError::kNotUdp};
  view.ip = *ip;
  view.udp_offset = view.ip_offset + ip->header_length;

  // The IPv4 total length bounds everything above it; bytes past it are Ethernet padding.
  const std::size_t udp_wire_length = ip->total_length - ip->header_length;
  const Bytes udp_bytes = frame.subspan(view.udp_offset);
  const auto udp = parse_udp(udp_bytes.first(std::min(udp_bytes.size(), udp_wire_length)), udp_wire_length);
  if (!udp) return Unexpected{udp.error()};
  view.udp = *udp;
  view.rtp_offset = view.udp_offset + kUdpHeaderLength;

  const std::size_t rtp_wire_length = udp->length - kUdpHeaderLength;
  const Bytes rtp_captured = frame.subspan(view.rtp_offset);
  const Bytes rtp_bytes = rtp_captured.first(std::min(rtp_captured.size(), rtp_wire_length));
  const auto rtp = parse_rtp(rtp_bytes, rtp_wire_length);
  if (!rtp) return Unexpected{rtp.error()};
  view.rtp = *rtp;
  view.payload_wire_length = rtp_wire_length - rtp->header_length - rtp->padding_length;
  view.payload = rtp_bytes.subspan(rtp->header_length,
                                   std::min(rtp_bytes.size() - rtp->header_length, view.payload_wire_length));
  return view;
}

}  // namespace crosspoint::st2110
