#include "crosspoint/st2110/ipv4.hpp"

#include <algorithm>
#include <charconv>

namespace crosspoint::st2110 {

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view dotted) {
  std::uint32_t value = 0;
  const char* at = dotted.data();
  const char* const end = dotted.data() + dotted.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (at == end || *at != '.') return std::nullopt;
      ++at;
    }
    unsigned octet = 0;
    const auto [next, error] = std::from_chars(at, end, octet);
    if (error != std::errc{} || octet > 255 || next - at > 3) return std::nullopt;
    value = (value << 8) | octet;
    at = next;
  }
  if (at != end) return std::nullopt;
  return Ipv4Address{value};
}

std::string Ipv4Address::to_string() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 0xff) + "." +
         std::to_string((value >> 8) & 0xff) + "." + std::to_string(value & 0xff);
}

Expected<Ipv4Header, ParseError> parse_ipv4(Bytes packet, std::size_t wire_length) {
  if (packet.size() < kIpv4MinHeaderLength) return Unexpected{ParseError::kTruncatedIpv4};
  const std::uint8_t* p = packet.data();
  if ((p[0] >> 4) != 4) return Unexpected{ParseError::kBadIpVersion};
  const std::size_t wire = std::max(wire_length, packet.size());
  Ipv4Header out;
  out.header_length = static_cast<std::size_t>(p[0] & 0x0f) * 4;
  if (out.header_length < kIpv4MinHeaderLength || out.header_length > wire) return Unexpected{ParseError::kBadIpHeaderLength};
  if (out.header_length > packet.size()) return Unexpected{ParseError::kTruncatedIpv4};
  out.total_length = load_be16(p + 2);
  if (out.total_length < out.header_length || out.total_length > wire) return Unexpected{ParseError::kBadIpTotalLength};
  out.checksum_unset = load_be16(p + 10) == 0;
  if (!out.checksum_unset && internet_checksum(packet.first(out.header_length)) != 0) {
    return Unexpected{ParseError::kBadIpChecksum};
  }
  const std::uint16_t flags_fragment = load_be16(p + 6);
  if ((flags_fragment & 0x2000) != 0 || (flags_fragment & 0x1fff) != 0) return Unexpected{ParseError::kIpFragment};
  out.dont_fragment = (flags_fragment & 0x4000) != 0;
  out.dscp = p[1] >> 2;
  out.ecn = p[1] & 0x03;
  out.identification = load_be16(p + 4);
  out.ttl = p[8];
  out.protocol = p[9];
  out.source = Ipv4Address{load_be32(p + 12)};
  out.destination = Ipv4Address{load_be32(p + 16)};
  return out;
}

std::size_t write_ipv4(MutableBytes out, const Ipv4Header& header) {
  if (out.size() < kIpv4MinHeaderLength) return 0;
  std::uint8_t* p = out.data();
  p[0] = 0x45;
  p[1] = static_cast<std::uint8_t>((header.dscp << 2) | (header.ecn & 0x03));
  store_be16(p + 2, header.total_length);
  store_be16(p + 4, header.identification);
  store_be16(p + 6, header.dont_fragment ? 0x4000 : 0);
  p[8] = header.ttl;
  p[9] = header.protocol;
  store_be16(p + 10, 0);
  store_be32(p + 12, header.source.value);
  store_be32(p + 16, header.destination.value);
  store_be16(p + 10, internet_checksum(Bytes{p, kIpv4MinHeaderLength}));
  return kIpv4MinHeaderLength;
}

}  // namespace crosspoint::st2110
