#include "crosspoint/signal/flow_address.hpp"

#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

MacAddress FlowAddress::destination_mac() const {
  if (destination.is_multicast()) return MacAddress::for_ipv4_multicast(destination.value);
  return MacAddress{{0x02, 0x00, 0x00, 0x00, 0x21, 0x20}};
}

std::size_t write_rtp_frame_headers(MutableBytes out, const FlowAddress& address, const RtpHeader& rtp,
                                    std::size_t payload_length, std::uint16_t ip_identification) {
  if (out.size() < kRtpFrameHeaderLength) return 0;
  EthernetHeader ethernet;
  ethernet.destination = address.destination_mac();
  ethernet.source = address.source_mac;
  ethernet.ether_type = kEtherTypeIpv4;
  std::size_t at = write_ethernet(out, ethernet);

  Ipv4Header ip;
  ip.dscp = 34;  // AF41, the usual marking of ST 2110 media
  ip.total_length = static_cast<std::uint16_t>(20 + kUdpHeaderLength + kRtpHeaderLength + payload_length);
  ip.identification = ip_identification;
  ip.ttl = 64;
  ip.protocol = kIpProtocolUdp;
  ip.source = address.source;
  ip.destination = address.destination;
  at += write_ipv4(out.subspan(at), ip);

  UdpHeader udp;
  udp.source_port = address.source_port;
  udp.destination_port = address.destination_port;
  udp.length = static_cast<std::uint16_t>(kUdpHeaderLength + kRtpHeaderLength + payload_length);
  at += write_udp(out.subspan(at), udp);
  at += write_rtp(out.subspan(at), rtp);
  return at;
}

void retarget_frame(MutableBytes frame, Ipv4Address destination) {
  if (frame.size() < kRtpFrameHeaderLength) return;
  FlowAddress target;
  target.destination = destination;
  const MacAddress mac = target.destination_mac();
  for (std::size_t i = 0; i < 6; ++i) frame[i] = mac.octets[i];
  std::uint8_t* ip = frame.data() + kEthernetHeaderLength;
  store_be32(ip + 16, destination.value);
  store_be16(ip + 10, 0);
  store_be16(ip + 10, internet_checksum(Bytes(ip, kIpv4MinHeaderLength)));
}

}  // namespace crosspoint::cap
