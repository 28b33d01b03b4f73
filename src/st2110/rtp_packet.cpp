#include "crosspoint/st2110/rtp_packet.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

bool parse_rtp_packet(Bytes frame, std::size_t wire_length, RtpPacketView& out, ParseError& error) {
  wire_length = std::max(wire_length, frame.size());
  if (!parse_ethernet(frame, out.ethernet, error)) return false;
  if (out.ethernet.ether_type != kEtherTypeIpv4) {
    error = ParseError::kNotIpv4;
    return false;
  }
  out.ip_offset = out.ethernet.length();

  if (!parse_ipv4(frame.subspan(out.ip_offset), wire_length - out.ip_offset, out.ip, error)) return false;
  if (out.ip.protocol != kIpProtocolUdp) {
    error = ParseError::kNotUdp;
    return false;
  }
  out.udp_offset = out.ip_offset + out.ip.header_length;

  // The IPv4 total length bounds everything above it; bytes past it are Ethernet padding.
  const std::size_t udp_wire_length = out.ip.total_length - out.ip.header_length;
  const Bytes udp_bytes = frame.subspan(out.udp_offset);
  if (!parse_udp(udp_bytes.first(std::min(udp_bytes.size(), udp_wire_length)), udp_wire_length, out.udp, error)) {
    return false;
  }
  out.rtp_offset = out.udp_offset + kUdpHeaderLength;

  const std::size_t rtp_wire_length = out.udp.length - kUdpHeaderLength;
  const Bytes rtp_captured = frame.subspan(out.rtp_offset);
  const Bytes rtp_bytes = rtp_captured.first(std::min(rtp_captured.size(), rtp_wire_length));
  if (!parse_rtp(rtp_bytes, rtp_wire_length, out.rtp, error)) return false;
  out.payload_wire_length = rtp_wire_length - out.rtp.header_length - out.rtp.padding_length;
  out.payload = rtp_bytes.subspan(out.rtp.header_length,
                                  std::min(rtp_bytes.size() - out.rtp.header_length, out.payload_wire_length));
  return true;
}

Expected<RtpPacketView, ParseError> parse_rtp_packet(Bytes frame, std::size_t wire_length) {
  RtpPacketView view;
  ParseError error{};
  if (!parse_rtp_packet(frame, wire_length, view, error)) return Unexpected{error};
  return view;
}

Expected<RtpPacketView, ParseError> parse_rtp_packet(Bytes frame) { return parse_rtp_packet(frame, frame.size()); }

}  // namespace crosspoint::st2110
