// UDP headers (RFC 768). Checksums are optional over IPv4 and ST 2110 senders commonly send zero.
#pragma once

#include <cstdint>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::size_t kUdpHeaderLength = 8;

struct UdpHeader {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t length = 0;  // header plus payload
  std::uint16_t checksum = 0;
};

// `datagram` starts at the UDP header and ends where the IPv4 total length ends. For a capture cut by its snap
// length, the length field is checked against the `wire_length` octets that were on the wire.
Expected<UdpHeader, ParseError> parse_udp(Bytes datagram, std::size_t wire_length = kWholePacket);
std::size_t write_udp(MutableBytes out, const UdpHeader& header);

}  // namespace crosspoint::st2110
