#include "crosspoint/st2110/udp.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

Expected<UdpHeader, ParseError> parse_udp(Bytes datagram, std::size_t wire_length) {
  if (datagram.size() < kUdpHeaderLength) return Unexpected{ParseError::kTruncatedUdp};
  const std::uint8_t* p = datagram.data();
  const UdpHeader header{load_be16(p), load_be16(p + 2), load_be16(p + 4), load_be16(p + 6)};
  if (header.length < kUdpHeaderLength || header.length > std::max(wire_length, datagram.size())) {
    return Unexpected{ParseError::kBadUdpLength};
  }
  return header;
}

std::size_t write_udp(MutableBytes out, const UdpHeader& header) {
  if (out.size() < kUdpHeaderLength) return 0;
  store_be16(out.data(), header.source_port);
  store_be16(out.data() + 2, header.destination_port);
  store_be16(out.data() + 4, header.length);
  store_be16(out.data() + 6, header.checksum);
  return kUdpHeaderLength;
}

}  // namespace crosspoint::st2110
