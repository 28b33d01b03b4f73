#include "crosspoint/st2110/ethernet.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace crosspoint::st2110 {

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    unsigned value = 0;
    for (std::size_t j = 0; j < 2; ++j) {
      const char c = text[i * 3 + j];
      unsigned nibble = 0;
      if (c >= '0' && c <= '9') nibble = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') nibble = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') nibble = static_cast<unsigned>(c - 'A' + 10);
      else return std::nullopt;
      value = value * 16 + nibble;
    }
    if (i < 5 && text[i * 3 + 2] != ':' && text[i * 3 + 2] != '-') return std::nullopt;
    mac.octets[i] = static_cast<std::uint8_t>(value);
  }
  return mac;
}

std::string MacAddress::to_string() const {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2], octets[3],
                octets[4], octets[5]);
  return text;
}

MacAddress MacAddress::for_ipv4_multicast(std::uint32_t group) {
  return MacAddress{{0x01, 0x00, 0x5e, static_cast<std::uint8_t>((group >> 16) & 0x7f),
                     static_cast<std::uint8_t>(group >> 8), static_cast<std::uint8_t>(group)}};
}

Expected<EthernetHeader, ParseError> parse_ethernet(Bytes frame) {
  if (frame.size() < kEthernetHeaderLength) return Unexpected{ParseError::kTruncatedEthernet};
  EthernetHeader header;
  std::memcpy(header.destination.octets.data(), frame.data(), 6);
  std::memcpy(header.source.octets.data(), frame.data() + 6, 6);
  header.ether_type = load_be16(frame.data() + 12);
  if (header.ether_type == kEtherTypeVlan) {
    if (frame.size() < kEthernetHeaderLength + kVlanTagLength) return Unexpected{ParseError::kTruncatedVlan};
    header.vlan_tci = load_be16(frame.data() + 14);
    header.ether_type = load_be16(frame.data() + 16);
  }
  return header;
}

std::size_t write_ethernet(MutableBytes out, const EthernetHeader& header) {
  const std::size_t length = header.length();
  if (out.size() < length) return 0;
  std::copy(header.destination.octets.begin(), header.destination.octets.end(), out.data());
  std::copy(header.source.octets.begin(), header.source.octets.end(), out.data() + 6);
  std::size_t at = 12;
  if (header.vlan_tci) {
    store_be16(out.data() + at, kEtherTypeVlan);
    store_be16(out.data() + at + 2, *header.vlan_tci);
    at += kVlanTagLength;
  }
  store_be16(out.data() + at, header.ether_type);
  return length;
}

}  // namespace crosspoint::st2110
