#include "output_header.hpp"

namespace crosspoint::engine {

OutputHeader::OutputHeader(const OutputHeaderFields& fields) {
  st2110::EthernetHeader ethernet;
  ethernet.destination = fields.destination_mac;
  ethernet.source = fields.source_mac;
  ethernet.ether_type = st2110::kEtherTypeIpv4;
  st2110::write_ethernet(st2110::MutableBytes{bytes_.data(), st2110::kEthernetHeaderLength}, ethernet);

  st2110::Ipv4Header ip;
  ip.dscp = fields.dscp;
  ip.ttl = fields.ttl;
  ip.protocol = st2110::kIpProtocolUdp;
  ip.source = fields.source;
  ip.destination = fields.destination;
  ip.total_length = 0;
  std::uint8_t* ip_bytes = bytes_.data() + st2110::kEthernetHeaderLength;
  st2110::write_ipv4(st2110::MutableBytes{ip_bytes, st2110::kIpv4MinHeaderLength}, ip);
  // write_ipv4 summed with total length 0; keep the sum before inversion for the per-packet patch.
  st2110::store_be16(ip_bytes + 10, 0);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < st2110::kIpv4MinHeaderLength; i += 2) sum += st2110::load_be16(ip_bytes + i);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  checksum_without_length_ = sum;

  st2110::UdpHeader udp;
  udp.source_port = fields.source_port;
  udp.destination_port = fields.destination_port;
  udp.checksum = 0;  // optional over IPv4; ST 2110 senders send zero
  st2110::write_udp(st2110::MutableBytes{ip_bytes + st2110::kIpv4MinHeaderLength, st2110::kUdpHeaderLength}, udp);
}

}  // namespace crosspoint::engine
