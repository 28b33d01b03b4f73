#include "arp_responder.hpp"

#include <algorithm>
#include <cstring>

namespace crosspoint::engine {

namespace {
constexpr std::uint16_t kArpHardwareEthernet = 1;
constexpr std::uint16_t kArpRequest = 1;
constexpr std::uint16_t kArpReply = 2;
}  // namespace

bool answer_arp_in_place(st2110::MutableBytes frame, const st2110::MacAddress& port_mac,
                         st2110::Ipv4Address port_address) {
  using namespace st2110;
  if (port_address.value == 0 || frame.size() < kEthernetHeaderLength + kArpPacketLength) return false;
  if (load_be16(frame.data() + 12) != kEtherTypeArp) return false;
  std::uint8_t* arp = frame.data() + kEthernetHeaderLength;
  if (load_be16(arp) != kArpHardwareEthernet || load_be16(arp + 2) != kEtherTypeIpv4 || arp[4] != 6 ||
      arp[5] != 4 || load_be16(arp + 6) != kArpRequest || load_be32(arp + 24) != port_address.value) {
    return false;
  }
  std::uint8_t requester_mac[6];
  std::uint8_t requester_ip[4];
  std::memcpy(requester_mac, arp + 8, 6);
  std::memcpy(requester_ip, arp + 14, 4);

  std::memcpy(frame.data(), requester_mac, 6);
  std::copy(port_mac.octets.begin(), port_mac.octets.end(), frame.data() + 6);
  store_be16(arp + 6, kArpReply);
  std::copy(port_mac.octets.begin(), port_mac.octets.end(), arp + 8);
  store_be32(arp + 14, port_address.value);
  std::memcpy(arp + 18, requester_mac, 6);
  std::memcpy(arp + 24, requester_ip, 4);
  return true;
}

std::size_t write_arp_request(st2110::MutableBytes out, const st2110::MacAddress& port_mac, st2110::Ipv4Address port_address,
                              st2110::Ipv4Address target) {
  using namespace st2110;
  if (out.size() < kArpFrameLength) return 0;
  std::uint8_t* frame = out.data();
  std::fill(frame, frame + 6, std::uint8_t{0xff});
  std::copy(port_mac.octets.begin(), port_mac.octets.end(), frame + 6);
  store_be16(frame + 12, kEtherTypeArp);
  std::uint8_t* arp = frame + kEthernetHeaderLength;
  store_be16(arp, kArpHardwareEthernet);
  store_be16(arp + 2, kEtherTypeIpv4);
  arp[4] = 6;
  arp[5] = 4;
  store_be16(arp + 6, kArpRequest);
  std::copy(port_mac.octets.begin(), port_mac.octets.end(), arp + 8);
  store_be32(arp + 14, port_address.value);
  std::fill(arp + 18, arp + 24, std::uint8_t{0});
  store_be32(arp + 24, target.value);
  return kArpFrameLength;
}

std::optional<ArpReply> parse_arp_reply(st2110::Bytes frame, st2110::Ipv4Address port_address) {
  using namespace st2110;
  if (frame.size() < kArpFrameLength || load_be16(frame.data() + 12) != kEtherTypeArp) return std::nullopt;
  const std::uint8_t* arp = frame.data() + kEthernetHeaderLength;
  if (load_be16(arp) != kArpHardwareEthernet || load_be16(arp + 2) != kEtherTypeIpv4 || arp[4] != 6 || arp[5] != 4 ||
      load_be16(arp + 6) != kArpReply || load_be32(arp + 24) != port_address.value) {
    return std::nullopt;
  }
  ArpReply reply;
  reply.sender = Ipv4Address{load_be32(arp + 14)};
  std::copy(arp + 8, arp + 14, reply.sender_mac.octets.begin());
  return reply;
}

}  // namespace crosspoint::engine
