#include "crosspoint/st2110/udp.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

bool parse_udp(Bytes datagram, std::size_t wire_length, UdpHeader& out, ParseError& error) {
  if (datagram.size() < kUdpHeaderLength) {
    error = ParseError::kTruncatedUdp;
    return false;
  }
  const std::uint8_t* p = datagram.data();
  out = UdpHeader{load_be16(p), load_be16(p + 2), load_be16(p + 4), load_be16(p + 6)};
  if (out.length < kUdpHeaderLength || out.length > std::max(wire_length, datagram.size())) {
    error = ParseError::kBadUdpLength;
    return false;
  }
  return true;
}

Expected<UdpHeader, ParseError> parse_udp(Bytes datagram, std::size_t wire_length) {
  UdpHeader header;
  ParseError error{};
  if (!parse_udp(datagram, wire_length, header, error)) return Unexpected{error};
  return header;
}

Expected<UdpHeader, ParseError> parse_udp(Bytes datagram) { return parse_udp(datagram, datagram.size()); }

std::size_t write_udp(MutableBytes out, const UdpHeader& header) {
  if (out.size() < kUdpHeaderLength) return 0;
  store_be16(out.data(), header.source_port);
  store_be16(out.data() + 2, header.destination_port);
  store_be16(out.data() + 4, header.length);
  store_be16(out.data() + 6, header.checksum);
  return kUdpHeaderLength;
}

}  // namespace crosspoint::st2110
