// The data path's common-shape reader must agree with the full parser: it may decline a frame the parser
// accepts (the worker then asks the parser), but whatever it accepts the parser accepts too, with the same
// layout. Checked on the shapes it is meant for, on valid shapes it declines, and on 200,000 mutated frames.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "crosspoint/st2110/rtp_packet.hpp"
#include "packet_layout.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::st2110;

namespace {

struct FrameShape {
  bool vlan = false;
  std::size_t ip_options = 0;  // octets, a multiple of 4
  std::uint8_t csrc_count = 0;
  std::size_t ethernet_padding = 0;
};

std::vector<std::uint8_t> rtp_frame(const FrameShape& shape, std::size_t payload = 1200) {
  EthernetHeader ethernet;
  ethernet.ether_type = kEtherTypeIpv4;
  if (shape.vlan) ethernet.vlan_tci = 100;
  const std::size_t rtp_length = kRtpHeaderLength + 4U * shape.csrc_count + payload;
  const std::size_t ip_length = kIpv4MinHeaderLength + shape.ip_options + kUdpHeaderLength + rtp_length;
  std::vector<std::uint8_t> frame(ethernet.length() + ip_length + shape.ethernet_padding, 0);
  std::size_t at = write_ethernet(frame, ethernet);
  const std::size_t ip_at = at;
  Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(ip_length);
  ip.source = Ipv4Address{0xC0000201};
  ip.destination = Ipv4Address{0xEF000001};
  write_ipv4(std::span(frame).subspan(at), ip);
  if (shape.ip_options != 0) {
    // Grow the header: IHL, then the checksum over the longer header (options are NOPs, type 1).
    frame[ip_at] = static_cast<std::uint8_t>(0x40 | ((kIpv4MinHeaderLength + shape.ip_options) / 4));
    for (std::size_t i = 0; i < shape.ip_options; ++i) frame[ip_at + kIpv4MinHeaderLength + i] = 1;
    store_be16(&frame[ip_at + 10], 0);
    store_be16(&frame[ip_at + 10],
               internet_checksum(Bytes{frame}.subspan(ip_at, kIpv4MinHeaderLength + shape.ip_options)));
  }
  at += kIpv4MinHeaderLength + shape.ip_options;
  at += write_udp(std::span(frame).subspan(at), UdpHeader{5004, 5006, static_cast<std::uint16_t>(kUdpHeaderLength + rtp_length), 0});
  RtpHeader rtp;
  rtp.marker = true;
  rtp.sequence = 0x1234;
  rtp.timestamp = 0x89abcdef;
  rtp.csrc_count = shape.csrc_count;
  at += write_rtp(std::span(frame).subspan(at), rtp);
  for (std::size_t i = at; i < frame.size() - shape.ethernet_padding; ++i) frame[i] = static_cast<std::uint8_t>(i);
  return frame;
}

PacketLayout parsed_layout(const std::vector<std::uint8_t>& frame) {
  const auto view = parse_rtp_packet(Bytes{frame});
  REQUIRE(view.has_value());
  return layout_of(*view);
}

void require_same(const PacketLayout& a, const PacketLayout& b) {
  CHECK(a.ip_offset == b.ip_offset);
  CHECK(a.rtp_offset == b.rtp_offset);
  CHECK(a.rtp_header_length == b.rtp_header_length);
  CHECK(a.rtp_length == b.rtp_length);
  CHECK(a.payload_length == b.payload_length);
}

}  // namespace

TEST_CASE("the common shape is read as the parser reads it, tagged or not, padded or not") {
  for (const FrameShape shape : {FrameShape{}, FrameShape{true}, FrameShape{false, 0, 0, 20}, FrameShape{true, 0, 0, 4}}) {
    const auto frame = rtp_frame(shape);
    PacketLayout fast;
    REQUIRE(read_common_shape(frame.data(), frame.size(), fast));
    require_same(fast, parsed_layout(frame));
    CHECK(fast.source(frame.data()) == 0xC0000201);
    CHECK(fast.destination(frame.data()) == 0xEF000001);
    CHECK(fast.destination_port(frame.data()) == 5006);
    CHECK(fast.rtp_length == kRtpHeaderLength + 1200);
    CHECK(fast.payload(frame.data())[0] == frame[fast.rtp_offset + kRtpHeaderLength]);
  }
}

TEST_CASE("valid but rarer shapes are left to the parser") {
  for (const FrameShape shape : {FrameShape{false, 4}, FrameShape{false, 0, 2}, FrameShape{true, 8, 1}}) {
    const auto frame = rtp_frame(shape);
    PacketLayout fast;
    CHECK_FALSE(read_common_shape(frame.data(), frame.size(), fast));
    const PacketLayout full = parsed_layout(frame);
    CHECK(full.rtp_header_length == kRtpHeaderLength + 4U * shape.csrc_count);
  }
}

TEST_CASE("a checksum of zero (sender offload) is accepted, a wrong one is not") {
  auto frame = rtp_frame({});
  PacketLayout fast;
  store_be16(&frame[14 + 10], 0);
  CHECK(read_common_shape(frame.data(), frame.size(), fast));
  store_be16(&frame[14 + 10], 0x1234);
  CHECK_FALSE(read_common_shape(frame.data(), frame.size(), fast));
  const auto refused = parse_rtp_packet(Bytes{frame});
  CHECK_FALSE(refused.has_value());
  CHECK(refused.error() == ParseError::kBadIpChecksum);
}

TEST_CASE("on mutated frames the common-shape reader never accepts what the parser refuses") {
  std::mt19937 random(2110);
  std::size_t accepted = 0;
  std::size_t declined = 0;
  const std::vector<std::vector<std::uint8_t>> originals{rtp_frame({}, 60), rtp_frame({true}, 60), rtp_frame({false, 0, 0, 6}, 60)};
  for (int round = 0; round < 200000; ++round) {
    std::vector<std::uint8_t> frame = originals[static_cast<std::size_t>(round) % originals.size()];
    // Flip bits in the headers (the first 60 octets) and sometimes cut the frame short.
    const int flips = std::uniform_int_distribution<int>(1, 3)(random);
    for (int i = 0; i < flips; ++i) {
      const std::size_t bit = std::uniform_int_distribution<std::size_t>(0, 60 * 8 - 1)(random);
      frame[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
    }
    if (random() % 8 == 0) frame.resize(std::uniform_int_distribution<std::size_t>(0, frame.size())(random));
    PacketLayout fast;
    if (!read_common_shape(frame.data(), frame.size(), fast)) {
      ++declined;
      continue;
    }
    ++accepted;
    INFO("round " << round);
    const auto view = parse_rtp_packet(Bytes{frame});
    REQUIRE(view.has_value());
    const PacketLayout full = layout_of(*view);
    REQUIRE(fast.rtp_offset == full.rtp_offset);
    REQUIRE(fast.rtp_length == full.rtp_length);
    REQUIRE(fast.payload_length == full.payload_length);
    REQUIRE(fast.rtp_offset + fast.rtp_length <= frame.size());
  }
  // Both sides of the reader were exercised (MAC and payload-octet flips keep many frames valid).
  CHECK(accepted > 10000);
  CHECK(declined > 10000);
}
