// The Ethernet, IPv4 and UDP headers an output leg sends, prepared once on the control plane so the data
// path copies 42 bytes and patches two lengths and the IPv4 checksum (incrementally, from a precomputed
// sum without the total length).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::engine {

constexpr std::size_t kOutputHeaderLength =
    st2110::kEthernetHeaderLength + st2110::kIpv4MinHeaderLength + st2110::kUdpHeaderLength;

struct OutputHeaderFields {
  st2110::MacAddress source_mac;
  st2110::MacAddress destination_mac;
  st2110::Ipv4Address source;
  st2110::Ipv4Address destination;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint8_t dscp = 0;
  std::uint8_t ttl = 64;
};

class OutputHeader {
 public:
  OutputHeader() = default;
  explicit OutputHeader(const OutputHeaderFields& fields);

  // Writes the headers for a UDP payload (RTP header + payload) of `udp_payload_length` bytes at `out`.
  void write(std::uint8_t* out, std::uint16_t udp_payload_length) const {
    std::memcpy(out, bytes_.data(), kOutputHeaderLength);
    const auto ip_total = static_cast<std::uint16_t>(udp_payload_length + st2110::kUdpHeaderLength +
                                                     st2110::kIpv4MinHeaderLength);
    std::uint8_t* ip = out + st2110::kEthernetHeaderLength;
    st2110::store_be16(ip + 2, ip_total);
    std::uint32_t sum = checksum_without_length_ + ip_total;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    st2110::store_be16(ip + 10, static_cast<std::uint16_t>(~sum));
    st2110::store_be16(ip + st2110::kIpv4MinHeaderLength + 4,
                       static_cast<std::uint16_t>(udp_payload_length + st2110::kUdpHeaderLength));
  }

 private:
  std::array<std::uint8_t, kOutputHeaderLength> bytes_{};
  std::uint32_t checksum_without_length_ = 0;  // one's-complement sum of the IPv4 header, length and checksum zero
};

// RTP fields an output owns; the marker bit, timestamp, CSRCs and payload pass untouched.
inline void rewrite_rtp(std::uint8_t* rtp, std::uint8_t payload_type, std::uint16_t sequence, std::uint32_t ssrc) {
  rtp[1] = static_cast<std::uint8_t>((rtp[1] & 0x80) | (payload_type & 0x7f));
  st2110::store_be16(rtp + 2, sequence);
  st2110::store_be32(rtp + 8, ssrc);
}

}  // namespace crosspoint::engine
