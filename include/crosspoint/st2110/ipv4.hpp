// IPv4 headers (RFC 791): checksum verified, options skipped, fragments and bad lengths rejected.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
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

// `packet` starts at the IPv4 header and may extend past total_length (Ethernet padding). For a capture cut by
// its snap length, `packet` holds the first octets of `wire_length` that were on the wire: the header must be
// whole and the total length is checked against wire_length.
Expected<Ipv4Header, ParseError> parse_ipv4(Bytes packet, std::size_t wire_length = kWholePacket);
// The one's-complement checksum of RFC 1071 over `data` (a checksum field inside is included as it is);
// 0 when a received header verifies. Inline: the data path verifies every IPv4 header with it.
inline std::uint16_t internet_checksum(Bytes data) {
  // The one's-complement sum does not depend on byte order (RFC 1071 2(B)): words are summed as the machine
  // loads them and the folded sum is put in network order once. Summing 32-bit words is the same sum as
  // 16-bit words (2^16 = 1 mod 0xffff) in half the additions; a 64-bit accumulator cannot overflow.
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    std::uint32_t word;
    std::memcpy(&word, data.data() + i, sizeof word);
    sum += word;
  }
  if (i + 2 <= data.size()) {
    std::uint16_t word;
    std::memcpy(&word, data.data() + i, sizeof word);
    sum += word;
    i += 2;
  }
  // An odd last octet is the first (high-order) octet of a word padded with zero.
  if (i < data.size()) sum += std::endian::native == std::endian::big ? std::uint32_t{data[i]} << 8 : data[i];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  auto folded = static_cast<std::uint16_t>(sum);
  if constexpr (std::endian::native == std::endian::little) folded = __builtin_bswap16(folded);
  return static_cast<std::uint16_t>(~folded);
}
// Writes a 20-byte header (no options) with its checksum; returns 20, or 0 when `out` is too small.
std::size_t write_ipv4(MutableBytes out, const Ipv4Header& header);

}  // namespace crosspoint::st2110
