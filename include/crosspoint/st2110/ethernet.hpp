// Ethernet II frames with an optional IEEE 802.1Q tag.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeArp = 0x0806;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;
constexpr std::uint16_t kEtherTypePtp = 0x88F7;
constexpr std::size_t kEthernetHeaderLength = 14;
constexpr std::size_t kVlanTagLength = 4;

struct MacAddress {
  std::array<std::uint8_t, 6> octets{};

  // "aa:bb:cc:dd:ee:ff" (also accepts '-' separators).
  static std::optional<MacAddress> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  // 01:00:5e + the low 23 bits of the group (RFC 1112).
  static MacAddress for_ipv4_multicast(std::uint32_t group);
  friend bool operator==(const MacAddress&, const MacAddress&) = default;
};

struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  std::optional<std::uint16_t> vlan_tci;  // PCP, DEI and VLAN id when tagged
  std::uint16_t ether_type = kEtherTypeIpv4;

  [[nodiscard]] std::size_t length() const { return kEthernetHeaderLength + (vlan_tci ? kVlanTagLength : 0); }
};

Expected<EthernetHeader, ParseError> parse_ethernet(Bytes frame);
// Writes the header at the start of `out`; returns the bytes written, 0 when `out` is too small.
std::size_t write_ethernet(MutableBytes out, const EthernetHeader& header);

}  // namespace crosspoint::st2110
