// Where the headers of a received RTP packet sit in its frame: what the data path needs to classify,
// forward and rewrite it. Nearly every ST 2110 packet has one shape: Ethernet (untagged or with one 802.1Q
// tag), IPv4 without options and not fragmented, UDP, and RTP version 2 without padding, extension or
// CSRCs. read_common_shape() recognises that shape with a few loads and compares; it accepts only frames
// that st2110::parse_rtp_packet accepts, with the same layout. Any other frame (malformed, or valid but
// rare) goes through parse_rtp_packet, which also names what is wrong with it. Header fields are read from
// the frame at these offsets when they are needed, so nothing is copied on the way. Pure code, no DPDK.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::engine {

struct PacketLayout {
  std::uint16_t ip_offset = 0;
  std::uint16_t rtp_offset = 0;         // the UDP payload; the UDP header is the 8 octets before it
  std::uint16_t rtp_header_length = 0;  // with CSRCs and extension
  std::uint16_t rtp_length = 0;         // the UDP payload's length: RTP header, payload and padding
  std::uint16_t payload_length = 0;     // the RTP payload, padding excluded

  [[nodiscard]] std::uint32_t source(const std::uint8_t* frame) const { return st2110::load_be32(frame + ip_offset + 12); }
  [[nodiscard]] std::uint32_t destination(const std::uint8_t* frame) const {
    return st2110::load_be32(frame + ip_offset + 16);
  }
  [[nodiscard]] std::uint16_t destination_port(const std::uint8_t* frame) const {
    return st2110::load_be16(frame + rtp_offset - st2110::kUdpHeaderLength + 2);
  }
  [[nodiscard]] const std::uint8_t* payload(const std::uint8_t* frame) const {
    return frame + rtp_offset + rtp_header_length;
  }
};

// The common shape only; false means "ask parse_rtp_packet", not "malformed".
[[gnu::always_inline]] inline bool read_common_shape(const std::uint8_t* frame, std::size_t length, PacketLayout& out) {
  using namespace st2110;
  constexpr std::size_t kHeaders = kIpv4MinHeaderLength + kUdpHeaderLength + kRtpHeaderLength;
  if (length < kEthernetHeaderLength + kHeaders) return false;
  std::size_t ip_offset = kEthernetHeaderLength;
  std::uint16_t ether_type = load_be16(frame + 12);
  if (ether_type == kEtherTypeVlan) {
    ip_offset += kVlanTagLength;
    ether_type = load_be16(frame + 16);
  }
  if (ether_type != kEtherTypeIpv4 || length < ip_offset + kHeaders) return false;
  const std::uint8_t* ip = frame + ip_offset;
  const std::uint16_t total_length = load_be16(ip + 2);
  // Version 4, no options; not a fragment (MF clear, offset zero); UDP.
  if (ip[0] != 0x45 || (load_be16(ip + 6) & 0x3fff) != 0 || ip[9] != kIpProtocolUdp) return false;
  if (total_length < kHeaders || total_length > length - ip_offset) return false;
  if (load_be16(ip + 10) != 0 && internet_checksum(Bytes{ip, kIpv4MinHeaderLength}) != 0) return false;
  const std::uint8_t* udp = ip + kIpv4MinHeaderLength;
  const std::uint16_t udp_length = load_be16(udp + 4);
  if (udp_length < kUdpHeaderLength + kRtpHeaderLength || udp_length > total_length - kIpv4MinHeaderLength) {
    return false;
  }
  if (udp[kUdpHeaderLength] != 0x80) return false;  // RTP version 2, no padding, no extension, no CSRC
  out.ip_offset = static_cast<std::uint16_t>(ip_offset);
  out.rtp_offset = static_cast<std::uint16_t>(ip_offset + kIpv4MinHeaderLength + kUdpHeaderLength);
  out.rtp_header_length = kRtpHeaderLength;
  out.rtp_length = static_cast<std::uint16_t>(udp_length - kUdpHeaderLength);
  out.payload_length = static_cast<std::uint16_t>(out.rtp_length - kRtpHeaderLength);
  return true;
}

// The layout of a frame parse_rtp_packet accepted.
inline PacketLayout layout_of(const st2110::RtpPacketView& view) {
  PacketLayout out;
  out.ip_offset = static_cast<std::uint16_t>(view.ip_offset);
  out.rtp_offset = static_cast<std::uint16_t>(view.rtp_offset);
  out.rtp_header_length = static_cast<std::uint16_t>(view.rtp.header_length);
  out.rtp_length = static_cast<std::uint16_t>(view.udp.length - st2110::kUdpHeaderLength);
  out.payload_length = static_cast<std::uint16_t>(view.payload.size());
  return out;
}

}  // namespace crosspoint::engine
