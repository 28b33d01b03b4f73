#include "crosspoint/st2110/rtp_packet.hpp"

namespace crosspoint::st2110 {

Expected<RtpPacketView, ParseError> parse_rtp_packet(Bytes frame) {
  RtpPacketView view;
  auto ethernet = parse_ethernet(frame);
  if (!ethernet) return Unexpected{ethernet.error()};
  view.ethernet = *ethernet;
  if (view.ethernet.ether_type != kEtherTypeIpv4) return Unexpected{ParseError::kNotIpv4};
  view.ip_offset = view.ethernet.length();

  auto ip = parse_ipv4(frame.subspan(view.ip_offset));
  if (!ip) return Unexpected{ip.error()};
  view.ip = *ip;
  if (view.ip.protocol != kIpProtocolUdp) return Unexpected{ParseError::kNotUdp};
  view.udp_offset = view.ip_offset + view.ip.header_length;

  // The IPv4 total length bounds everything above it; bytes past it are Ethernet padding.
  auto udp = parse_udp(frame.subspan(view.udp_offset, view.ip.total_length - view.ip.header_length));
  if (!udp) return Unexpected{udp.error()};
  view.udp = *udp;
  view.rtp_offset = view.udp_offset + kUdpHeaderLength;

  const Bytes rtp_bytes = frame.subspan(view.rtp_offset, view.udp.length - kUdpHeaderLength);
  auto rtp = parse_rtp(rtp_bytes);
  if (!rtp) return Unexpected{rtp.error()};
  view.rtp = *rtp;
  view.payload = rtp_bytes.subspan(view.rtp.header_length,
                                   rtp_bytes.size() - view.rtp.header_length - view.rtp.padding_length);
  return view;
}

}  // namespace crosspoint::st2110
