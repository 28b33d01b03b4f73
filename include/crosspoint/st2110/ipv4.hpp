// IPv4 headers (RFC 791): checksum verified, options skipped, fragments and bad lengths rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::uint8_t kIpProtocolIgmp = 2;
constexpr std::uint8_t kIpProtocolUdp = 17;
constexpr std::size_t kIpv4MinHeaderLength = 20;

struct Ipv4Address {
  std::uint32_t value = 0;  // host byte order

  static std::optional<Ipv4Address> parse(std::string_view dotted);
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool is_multicast() const { return (value >> 28) == 0xE; }
  friend auto operator<=>(const Ipv4Address&, const Ipv4Address&) = default;
};

struct Ipv4Header {
  std::uint8_t dscp = 0;
  std::uint8_t ecn = 0;
  std::uint16_t total_length = 0;
  std::uint16_t identification = 0;
  bool dont_fragment = true;
  std::uint8_t ttl = 64;
  std::uint8_t protocol = kIpProtocolUdp;
  Ipv4Address source;
  Ipv4Address destination;
  std::size_t header_length = kIpv4MinHeaderLength;  // includes options
  // The checksum field was 0: a capture taken on a sender whose NIC fills checksums in (offload). Accepted
  // unverified; any other wrong checksum is refused.
  bool checksum_unset = false;
};

// `packet` starts at the IPv4 header and may extend past total_length (Ethernet padding).
Expected<Ipv4Header, ParseError> parse_ipv4(Bytes packet);
// For a capture cut by its snap length: `packet` holds the first octets of `wire_length` (>= its size) that
// were on the wire. The header must be whole; the total length is checked against wire_length.
Expected<Ipv4Header, ParseError> parse_ipv4(Bytes packet, std::size_t wire_length);
// The data path's form: fills `out` in place; false with `error` set on failure.
[[nodiscard]] bool parse_ipv4(Bytes packet, std::size_t wire_length, Ipv4Header& out, ParseError& error);
// The one's-complement checksum of RFC 1071 over `header` (whose checksum field is included as it is).
std::uint16_t internet_checksum(Bytes data);
// Writes a 20-byte header (no options) with its checksum; returns 20, or 0 when `out` is too small.
std::size_t write_ipv4(MutableBytes out, const Ipv4Header& header);

}  // namespace crosspoint::st2110
