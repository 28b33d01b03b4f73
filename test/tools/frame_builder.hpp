// Test frames built layer by layer with src/st2110's writers: UDP datagrams of any payload, and RTP packets
// with any header, for captures the generator does not make (other services, JPEG XS, unknown payloads).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace cap_test {

struct UdpEnds {
  std::uint32_t source = 0x0A000001;       // 10.0.0.1
  std::uint32_t destination = 0xEF010101;  // 239.1.1.1
  std::uint16_t source_port = 5004;
  std::uint16_t destination_port = 5004;
  std::uint8_t ttl = 64;
  std::uint8_t dscp = 34;
};

inline std::vector<std::uint8_t> udp_frame(const UdpEnds& ends, std::span<const std::uint8_t> payload) {
  using namespace crosspoint::st2110;
  std::vector<std::uint8_t> frame(14 + 20 + 8 + payload.size());
  EthernetHeader eth;
  eth.ether_type = kEtherTypeIpv4;
  std::size_t at = write_ethernet(frame, eth);
  Ipv4Header ip;
  ip.protocol = kIpProtocolUdp;
  ip.total_length = static_cast<std::uint16_t>(20 + 8 + payload.size());
  ip.source = Ipv4Address{ends.source};
  ip.destination = Ipv4Address{ends.destination};
  ip.ttl = ends.ttl;
  ip.dscp = ends.dscp;
  at += write_ipv4(MutableBytes(frame).subspan(at), ip);
  UdpHeader udp;
  udp.source_port = ends.source_port;
  udp.destination_port = ends.destination_port;
  udp.length = static_cast<std::uint16_t>(8 + payload.size());
  at += write_udp(MutableBytes(frame).subspan(at), udp);
  std::copy(payload.begin(), payload.end(), frame.begin() + static_cast<std::ptrdiff_t>(at));
  return frame;
}

inline std::vector<std::uint8_t> rtp_frame(const UdpEnds& ends, const crosspoint::st2110::RtpHeader& rtp,
                                           std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> datagram(crosspoint::st2110::kRtpHeaderLength + payload.size());
  const std::size_t header = crosspoint::st2110::write_rtp(datagram, rtp);
  std::copy(payload.begin(), payload.end(), datagram.begin() + static_cast<std::ptrdiff_t>(header));
  return udp_frame(ends, datagram);
}

// Every record of a capture: (timestamp, bytes, wire length).
struct CopiedRecord {
  std::uint64_t timestamp_ns = 0;
  std::vector<std::uint8_t> bytes;
  std::uint32_t original_length = 0;
};

inline std::vector<CopiedRecord> read_all(const std::string& path) {
  std::vector<CopiedRecord> records;
  auto reader = crosspoint::capture::PcapReader::open(path);
  if (!reader) return records;
  while (auto record = reader->next()) {
    records.push_back(CopiedRecord{record->timestamp_ns, {record->bytes.begin(), record->bytes.end()},
                                   record->original_length});
  }
  return records;
}

}  // namespace cap_test
