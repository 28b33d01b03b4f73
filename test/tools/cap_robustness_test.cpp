// A damaged capture gives a clear error and the figures for what could be read, never a crash; traffic
// that is not RTP is counted by kind, and broken packets by reason.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cap_test_support.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/udp.hpp"
#include "crosspoint/signal/flow_address.hpp"

using namespace crosspoint::cap;
using namespace crosspoint::st2110;

namespace {

void copy_prefix(const std::string& from, const std::string& to, std::size_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::vector<char> data(bytes);
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  out.write(data.data(), in.gcount());
}

}  // namespace

TEST_CASE("a capture cut anywhere reports an error and the packets before the cut", "[robustness]") {
  cap_test::ScratchDir dir("truncated");
  const auto generated = cap_test::generate(dir, "whole", {"--video", "720p50", "--frames", "1"});
  const auto size = static_cast<std::size_t>(std::filesystem::file_size(generated.pcap));
  const std::string cut = dir.file("cut.pcap");
  for (const std::size_t length : {std::size_t{0}, std::size_t{10}, std::size_t{30},
                                   std::size_t{24 + 16 + 100}, size / 3, size / 2 + 7, size - 1}) {
    INFO("cut at " << length << " of " << size);
    copy_prefix(generated.pcap, cut, length);
    const CaptureReport report = cap_test::analyze(cut);
    CHECK_FALSE(report.capture_error.empty());
    std::uint64_t packets = 0;
    for (const auto& flow : report.flows) packets += flow.packets;
    CHECK(packets == report.records);
    CHECK(packets < 2160);
    if (length > size / 4) CHECK(packets > 100);
  }
  // Cut right after the file header, it is a valid empty capture.
  copy_prefix(generated.pcap, cut, 24);
  const CaptureReport header_only = cap_test::analyze(cut);
  CHECK(header_only.capture_error.empty());
  CHECK(header_only.records == 0);
  // Uncut, the same file is clean.
  const CaptureReport whole = cap_test::analyze(generated.pcap);
  CHECK(whole.capture_error.empty());
  REQUIRE(whole.flows.size() == 1);
  CHECK(whole.flows[0].packets == 2160);
}

TEST_CASE("a missing file and a file of garbage are errors with reasons", "[robustness]") {
  cap_test::ScratchDir dir("garbage");
  CHECK_FALSE(cap_test::analyze(dir.file("does-not-exist.pcap")).capture_error.empty());
  const std::string garbage = dir.file("garbage.pcap");
  {
    std::ofstream out(garbage, std::ios::binary);
    for (int i = 0; i < 5000; ++i) out.put(static_cast<char>((i * 7919) & 0xff));
  }
  const CaptureReport report = cap_test::analyze(garbage);
  CHECK_FALSE(report.capture_error.empty());
  CHECK(report.flows.empty());
}

TEST_CASE("PTP, IGMP, ARP and other traffic is counted; broken IPv4 is counted by reason", "[robustness]") {
  cap_test::ScratchDir dir("mixed");
  const std::string file = dir.file("mixed.pcap");
  {
    auto writer = crosspoint::capture::PcapWriter::create(file);
    REQUIRE(writer);
    std::vector<std::uint8_t> frame(200, 0);
    const auto ip_frame = [&](std::uint8_t protocol, std::uint16_t port, std::size_t payload) {
      EthernetHeader eth;
      eth.ether_type = kEtherTypeIpv4;
      std::size_t at = write_ethernet(frame, eth);
      Ipv4Header ip;
      ip.protocol = protocol;
      ip.total_length = static_cast<std::uint16_t>(20 + 8 + payload);
      ip.source = Ipv4Address{0x0A000001};
      ip.destination = Ipv4Address{0xE0000181};
      at += write_ipv4(MutableBytes(frame).subspan(at), ip);
      UdpHeader udp;
      udp.source_port = port;
      udp.destination_port = port;
      udp.length = static_cast<std::uint16_t>(8 + payload);
      at += write_udp(MutableBytes(frame).subspan(at), udp);
      return at + payload;
    };
    std::uint64_t t = 1'000'000'000;
    // PTP over UDP (event port), version 2 Sync.
    std::size_t n = ip_frame(kIpProtocolUdp, 319, 44);
    frame[42] = 0x00;
    frame[43] = 0x02;
    REQUIRE(writer->write(t++, std::span(frame.data(), n)));
    // IGMP.
    n = ip_frame(kIpProtocolIgmp, 0, 0);
    REQUIRE(writer->write(t++, std::span(frame.data(), n)));
    // UDP that is not RTP (version 0).
    n = ip_frame(kIpProtocolUdp, 9999, 20);
    frame[42] = 0x00;
    REQUIRE(writer->write(t++, std::span(frame.data(), n)));
    // A bad IPv4 checksum.
    n = ip_frame(kIpProtocolUdp, 5004, 20);
    frame[14 + 10] ^= 0xff;
    REQUIRE(writer->write(t++, std::span(frame.data(), n)));
    // ARP and PTP over Ethernet.
    EthernetHeader eth;
    eth.ether_type = kEtherTypeArp;
    write_ethernet(frame, eth);
    REQUIRE(writer->write(t++, std::span(frame.data(), 60)));
    eth.ether_type = kEtherTypePtp;
    write_ethernet(frame, eth);
    REQUIRE(writer->write(t++, std::span(frame.data(), 60)));
    // A runt.
    REQUIRE(writer->write(t++, std::span(frame.data(), 6)));
    REQUIRE(writer->close());
  }
  const CaptureReport report = cap_test::analyze(file);
  CHECK(report.capture_error.empty());
  CHECK(report.records == 7);
  CHECK(report.flows.empty());
  CHECK(report.non_rtp.ptp == 2);
  CHECK(report.non_rtp.igmp == 1);
  CHECK(report.non_rtp.arp == 1);
  CHECK(report.non_rtp.other_udp == 1);  // UDP that is not RTP is counted as UDP, not as media or damage
  CHECK(report.non_rtp.other == 0);
  CHECK(report.malformed.at("bad_ip_checksum") == 1);
  CHECK(report.malformed.size() == 2);  // and the runt's truncated Ethernet header
}
