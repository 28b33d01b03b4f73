#include "bench_capture.hpp"

#include <vector>

#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/st2110/udp.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"

namespace crosspoint::bench {

using namespace st2110;

Ipv4Address bench_flow_group(unsigned flow) { return Ipv4Address{0xEF320001 + flow}; }

Expected<std::uint64_t, std::string> write_8k_capture(const std::string& path, unsigned flows, unsigned packets_total) {
  VideoFormat format;
  format.width = 7680;
  format.height = 4320;
  format.exact_frame_rate = Rational{60000, 1001};
  format.sampling = Sampling::kYCbCr422;
  format.depth = Depth::k10;
  auto plan = VideoPacketPlan::create(format);
  if (!plan) return Unexpected{plan.error()};
  auto writer = capture::PcapWriter::create(path);
  if (!writer) return Unexpected{writer.error()};

  const unsigned per_flow = packets_total / flows;
  std::vector<std::uint8_t> frame(2048);
  std::uint64_t written = 0;
  for (unsigned i = 0; i < per_flow; ++i) {
    const PlannedPacket planned = plan->packet(i);
    for (unsigned flow = 0; flow < flows; ++flow) {
      const std::size_t payload_length = planned.payload_length();
      const std::size_t udp_length = kUdpHeaderLength + kRtpHeaderLength + payload_length;
      const std::size_t frame_length = kEthernetHeaderLength + kIpv4MinHeaderLength + udp_length;
      EthernetHeader ethernet;
      ethernet.destination = MacAddress::for_ipv4_multicast(bench_flow_group(flow).value);
      ethernet.source = MacAddress{{0x02, 0, 0, 0, 0x50, static_cast<std::uint8_t>(flow)}};
      std::size_t at = write_ethernet(MutableBytes{frame}, ethernet);
      Ipv4Header ip;
      ip.total_length = static_cast<std::uint16_t>(kIpv4MinHeaderLength + udp_length);
      ip.source = Ipv4Address{0xC000020A};
      ip.destination = bench_flow_group(flow);
      at += write_ipv4(MutableBytes{frame}.subspan(at), ip);
      UdpHeader udp;
      udp.source_port = 5004;
      udp.destination_port = 5004;
      udp.length = static_cast<std::uint16_t>(udp_length);
      at += write_udp(MutableBytes{frame}.subspan(at), udp);
      RtpHeader rtp;
      // Two frames a loop, of 3/8 and 5/8 of it: never two complete frames of one count in a row, so a paced
      // output keeps the configured N (69 120) instead of learning the loop's.
      rtp.marker = i + 1 == per_flow || i + 1 == per_flow * 3 / 8;
      rtp.payload_type = 96;
      rtp.sequence = static_cast<std::uint16_t>(i);
      rtp.timestamp = 0x12345678;
      rtp.ssrc = 0x8000 + flow;
      at += write_rtp(MutableBytes{frame}.subspan(at), rtp);
      at += write_rfc4175_header(MutableBytes{frame}.subspan(at), static_cast<std::uint16_t>(i >> 16), planned.row_headers());
      for (std::size_t b = at; b < frame_length; ++b) frame[b] = static_cast<std::uint8_t>(b + i);
      if (!writer->write(1'767'225'637'000'000'000ULL + written * 240, std::span<const std::uint8_t>{frame.data(), frame_length})) {
        return Unexpected{std::string("cannot write ") + path};
      }
      ++written;
    }
  }
  return written;
}

}  // namespace crosspoint::bench
