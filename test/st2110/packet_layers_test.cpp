#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "crosspoint/st2110/rtp_packet.hpp"

using namespace crosspoint::st2110;

namespace {

struct FrameSpec {
  bool vlan = false;
  std::uint8_t csrc_count = 0;
  std::size_t payload = 100;
  std::uint8_t padding = 0;  // RTP padding octets, count included
};

constexpr std::uint32_t kSource = 0xc0a80102;  // 192.168.1.2
constexpr std::uint32_t kGroup = 0xef000102;   // 239.0.1.2

// A whole Ethernet/IPv4/UDP/RTP frame built with the library's writers.
std::vector<std::uint8_t> frame_of(const FrameSpec& spec) {
  EthernetHeader ethernet;
  ethernet.destination = MacAddress::for_ipv4_multicast(kGroup);
  ethernet.source = MacAddress{{0x02, 0, 0, 0, 0, 1}};
  if (spec.vlan) ethernet.vlan_tci = 0x2064;
  const std::size_t rtp_length = kRtpHeaderLength + 4U * spec.csrc_count + spec.payload + spec.padding;
  std::vector<std::uint8_t> frame(ethernet.length() + kIpv4MinHeaderLength + kUdpHeaderLength + rtp_length);
  std::size_t at = write_ethernet(frame, ethernet);
  Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(kIpv4MinHeaderLength + kUdpHeaderLength + rtp_length);
  ip.source = Ipv4Address{kSource};
  ip.destination = Ipv4Address{kGroup};
  ip.dscp = 34;
  ip.identification = 0x1234;
  at += write_ipv4(std::span(frame).subspan(at), ip);
  UdpHeader udp{50000, 50020, static_cast<std::uint16_t>(kUdpHeaderLength + rtp_length), 0};
  at += write_udp(std::span(frame).subspan(at), udp);
  RtpHeader rtp;
  rtp.marker = true;
  rtp.payload_type = 96;
  rtp.sequence = 0xfffe;
  rtp.timestamp = 0x89abcdef;
  rtp.ssrc = 0x01020304;
  rtp.padding = spec.padding != 0;
  rtp.csrc_count = spec.csrc_count;
  for (std::size_t i = 0; i < spec.csrc_count; ++i) rtp.csrcs[i] = 0x1000 + static_cast<std::uint32_t>(i);
  at += write_rtp(std::span(frame).subspan(at), rtp);
  for (std::size_t i = 0; i < spec.payload; ++i) frame[at++] = static_cast<std::uint8_t>(i);
  if (spec.padding != 0) frame.back() = spec.padding;
  return frame;
}

// Rewrites the IPv4 header checksum after a deliberate change to the header.
void refresh_ip_checksum(std::vector<std::uint8_t>& frame, std::size_t ip_offset, std::size_t header_length = 20) {
  frame[ip_offset + 10] = 0;
  frame[ip_offset + 11] = 0;
  store_be16(frame.data() + ip_offset + 10, internet_checksum(Bytes(frame).subspan(ip_offset, header_length)));
}

ParseError error_of(Bytes frame) {
  auto view = parse_rtp_packet(frame);
  REQUIRE_FALSE(view.has_value());
  return view.error();
}

}  // namespace

TEST_CASE("a frame built by the writers parses back layer by layer") {
  for (const bool vlan : {false, true}) {
    INFO("vlan " << vlan);
    const auto frame = frame_of({vlan, 2, 1200, 0});
    auto view = parse_rtp_packet(frame);
    REQUIRE(view.has_value());
    CHECK(view->ethernet.destination.to_string() == "01:00:5e:00:01:02");
    CHECK(view->ethernet.vlan_tci == (vlan ? std::optional<std::uint16_t>(0x2064) : std::nullopt));
    CHECK(view->ip_offset == (vlan ? 18 : 14));
    CHECK(view->ip.source.to_string() == "192.168.1.2");
    CHECK(view->ip.destination.to_string() == "239.0.1.2");
    CHECK(view->ip.destination.is_multicast());
    CHECK(view->ip.dscp == 34);
    CHECK(view->ip.identification == 0x1234);
    CHECK(view->ip.dont_fragment);
    CHECK(view->udp.source_port == 50000);
    CHECK(view->udp.destination_port == 50020);
    CHECK(view->udp_offset == view->ip_offset + 20);
    CHECK(view->rtp_offset == view->udp_offset + 8);
    CHECK(view->rtp.marker);
    CHECK(view->rtp.payload_type == 96);
    CHECK(view->rtp.sequence == 0xfffe);
    CHECK(view->rtp.timestamp == 0x89abcdefU);
    CHECK(view->rtp.ssrc == 0x01020304U);
    CHECK(view->rtp.csrc_count == 2);
    CHECK(view->rtp.csrcs[1] == 0x1001);
    CHECK(view->rtp.header_length == 20);
    CHECK(view->payload.size() == 1200);
    CHECK(view->payload_wire_length == 1200);
    CHECK_FALSE(view->payload_truncated());
    CHECK(view->payload.data() == frame.data() + view->rtp_offset + 20);
  }
}

TEST_CASE("RTP padding is left out of the payload") {
  const auto frame = frame_of({false, 0, 100, 4});
  auto view = parse_rtp_packet(frame);
  REQUIRE(view.has_value());
  CHECK(view->rtp.padding);
  CHECK(view->rtp.padding_length == 4);
  CHECK(view->payload.size() == 100);
}

TEST_CASE("Ethernet padding past the IPv4 total length is ignored") {
  auto frame = frame_of({false, 0, 4, 0});
  const std::size_t wire = frame.size();
  frame.resize(60, 0);
  auto view = parse_rtp_packet(frame);
  REQUIRE(view.has_value());
  CHECK(view->payload.size() == 4);
  CHECK(wire < 60);
}

TEST_CASE("a frame cut at every offset fails at the layer the cut reaches, with its reason") {
  for (const bool vlan : {false, true}) {
    const auto frame = frame_of({vlan, 1, 64, 0});
    const std::size_t ip = vlan ? 18 : 14;
    for (std::size_t cut = 0; cut < frame.size(); ++cut) {
      INFO("vlan " << vlan << ", cut at " << cut);
      const ParseError error = error_of(Bytes(frame).first(cut));
      if (cut < 14) CHECK(error == ParseError::kTruncatedEthernet);
      else if (cut < ip) CHECK(error == ParseError::kTruncatedVlan);
      else if (cut < ip + 20) CHECK(error == ParseError::kTruncatedIpv4);
      else CHECK(error == ParseError::kBadIpTotalLength);  // the IPv4 total length reaches past the cut
    }
  }
}

TEST_CASE("a capture cut by its snap length parses whole headers and says the payload is cut") {
  const auto frame = frame_of({false, 1, 1200, 4});
  const std::size_t headers = 14 + 20 + 8 + 16;
  for (std::size_t cut = 0; cut < frame.size(); ++cut) {
    INFO("cut at " << cut);
    auto view = parse_rtp_packet(Bytes(frame).first(cut), frame.size());
    if (cut < 14) {
      CHECK(view.error() == ParseError::kTruncatedEthernet);
    } else if (cut < 34) {
      CHECK(view.error() == ParseError::kTruncatedIpv4);
    } else if (cut < 42) {
      CHECK(view.error() == ParseError::kTruncatedUdp);
    } else if (cut < headers) {
      CHECK(view.error() == ParseError::kTruncatedRtp);
    } else {
      REQUIRE(view.has_value());
      // The padding count is cut off with the end, so the padding counts as payload.
      CHECK(view->payload.size() == cut - headers);
      CHECK(view->payload_truncated());
      CHECK(view->payload_wire_length == 1204);
      CHECK(view->rtp.ssrc == 0x01020304U);
    }
  }
  auto whole = parse_rtp_packet(frame, frame.size());
  REQUIRE(whole.has_value());
  CHECK(whole->payload_wire_length == 1200);
  CHECK_FALSE(whole->payload_truncated());
}

TEST_CASE("IPv4 headers with a bad version, length, checksum or fragment are refused") {
  const auto good = frame_of({});
  const std::size_t ip = 14;
  auto with = [&](auto change, bool fix_checksum = true) {
    auto frame = good;
    change(frame);
    if (fix_checksum) refresh_ip_checksum(frame, ip, std::max<std::size_t>(20, (frame[ip] & 0x0f) * 4U));
    return error_of(frame);
  };
  CHECK(with([&](auto& f) { f[ip] = 0x65; }) == ParseError::kBadIpVersion);
  CHECK(with([&](auto& f) { f[ip] = 0x44; }) == ParseError::kBadIpHeaderLength);
  auto short_frame = frame_of({false, 0, 10, 0});
  short_frame[ip] = 0x4f;  // 60 octets of header in a 50-octet datagram
  CHECK(error_of(short_frame) == ParseError::kBadIpHeaderLength);
  CHECK(with([&](auto& f) { store_be16(f.data() + ip + 2, 19); }) == ParseError::kBadIpTotalLength);
  CHECK(with([&](auto& f) { store_be16(f.data() + ip + 2, static_cast<std::uint16_t>(f.size() - ip + 1)); }) ==
        ParseError::kBadIpTotalLength);
  CHECK(with([&](auto& f) { store_be16(f.data() + ip + 6, 0x2000); }) == ParseError::kIpFragment);  // MF
  CHECK(with([&](auto& f) { store_be16(f.data() + ip + 6, 0x0001); }) == ParseError::kIpFragment);  // offset 8
  CHECK(with([&](auto& f) { f[ip + 9] = 6; }) == ParseError::kNotUdp);
  CHECK(with([&](auto& f) { f[ip + 12] ^= 1; }, false) == ParseError::kBadIpChecksum);
  CHECK(with([&](auto& f) { f[ip + 11] ^= 0x80; }, false) == ParseError::kBadIpChecksum);
  // Every single-bit error in the header is caught by one check or another.
  for (std::size_t bit = 0; bit < 160; ++bit) {
    INFO("bit " << bit);
    auto frame = good;
    frame[ip + bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    CHECK_FALSE(parse_rtp_packet(frame).has_value());
  }
}

TEST_CASE("an IPv4 checksum of zero is a sender's offloaded checksum: accepted and flagged") {
  auto frame = frame_of({});
  CHECK_FALSE(parse_rtp_packet(frame)->ip.checksum_unset);
  frame[14 + 10] = 0;
  frame[14 + 11] = 0;
  auto view = parse_rtp_packet(frame);
  REQUIRE(view.has_value());
  CHECK(view->ip.checksum_unset);
}

TEST_CASE("IPv4 options are skipped") {
  auto base = frame_of({false, 0, 20, 0});
  // Insert 4 octets of options (NOP NOP NOP EOL) after the 20-octet header.
  std::vector<std::uint8_t> frame(base.begin(), base.begin() + 34);
  frame.insert(frame.end(), {1, 1, 1, 0});
  frame.insert(frame.end(), base.begin() + 34, base.end());
  frame[14] = 0x46;
  store_be16(frame.data() + 16, static_cast<std::uint16_t>(load_be16(frame.data() + 16) + 4));
  refresh_ip_checksum(frame, 14, 24);
  auto view = parse_rtp_packet(frame);
  REQUIRE(view.has_value());
  CHECK(view->ip.header_length == 24);
  CHECK(view->udp_offset == 38);
  CHECK(view->payload.size() == 20);
}

TEST_CASE("a frame of another EtherType is not IPv4") {
  auto frame = frame_of({});
  store_be16(frame.data() + 12, kEtherTypePtp);
  CHECK(error_of(frame) == ParseError::kNotIpv4);
  auto tagged = frame_of({true});
  store_be16(tagged.data() + 16, kEtherTypeArp);
  CHECK(error_of(tagged) == ParseError::kNotIpv4);
}

TEST_CASE("UDP lengths below the header or past the datagram are refused") {
  const auto good = frame_of({});
  const std::size_t udp = 34;
  auto frame = good;
  store_be16(frame.data() + udp + 4, 7);
  CHECK(error_of(frame) == ParseError::kBadUdpLength);
  frame = good;
  store_be16(frame.data() + udp + 4, static_cast<std::uint16_t>(good.size() - udp + 1));
  CHECK(error_of(frame) == ParseError::kBadUdpLength);
  frame = good;
  store_be16(frame.data() + udp + 4, 8 + 11);  // shorter than an RTP header
  CHECK(error_of(frame) == ParseError::kTruncatedRtp);
  CHECK(parse_udp(Bytes(good).subspan(udp, 7)).error() == ParseError::kTruncatedUdp);
}

TEST_CASE("RTP headers with a bad version, CSRC list, extension or padding are refused") {
  const auto good = frame_of({false, 0, 8, 0});
  const std::size_t rtp = 42;
  for (const std::uint8_t version : {0, 1, 3}) {
    auto frame = good;
    frame[rtp] = static_cast<std::uint8_t>((version << 6) | (frame[rtp] & 0x3f));
    CHECK(error_of(frame) == ParseError::kBadRtpVersion);
  }
  auto frame = good;
  frame[rtp] |= 0x03;  // 3 CSRCs = 12 octets, only 8 there
  CHECK(error_of(frame) == ParseError::kBadRtpCsrcCount);
  frame = good;
  frame[rtp] |= 0x10;  // an extension header of 4 octets claiming 2 words
  store_be16(frame.data() + rtp + 14, 2);
  CHECK(error_of(frame) == ParseError::kBadRtpExtension);
  frame = good;
  frame[rtp] |= 0x10;
  store_be16(frame.data() + rtp + 12, 0xbede);
  store_be16(frame.data() + rtp + 14, 1);
  auto view = parse_rtp_packet(frame);
  REQUIRE(view.has_value());
  CHECK(view->rtp.extension_profile == 0xbede);
  CHECK(view->rtp.extension_data.size() == 4);
  CHECK(view->payload.empty());
  frame = good;
  frame[rtp] |= 0x20;
  frame.back() = 0;
  CHECK(error_of(frame) == ParseError::kBadRtpPadding);
  frame.back() = 9;
  CHECK(error_of(frame) == ParseError::kBadRtpPadding);
  frame.back() = 8;
  auto padded = parse_rtp_packet(frame);
  REQUIRE(padded.has_value());
  CHECK(padded->payload.empty());
}

TEST_CASE("the internet checksum follows RFC 1071") {
  const std::array<std::uint8_t, 8> words = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(internet_checksum(words) == static_cast<std::uint16_t>(~0xddf2));
  const std::array<std::uint8_t, 3> odd = {0x12, 0x34, 0x56};
  CHECK(internet_checksum(odd) == static_cast<std::uint16_t>(~(0x1234 + 0x5600)));
}

TEST_CASE("addresses parse from text and print back") {
  CHECK(MacAddress::parse("01:00:5e:7f:ff:fe")->to_string() == "01:00:5e:7f:ff:fe");
  CHECK(MacAddress::parse("AA-BB-CC-DD-EE-FF")->to_string() == "aa:bb:cc:dd:ee:ff");
  CHECK_FALSE(MacAddress::parse("01:00:5e:7f:ff").has_value());
  CHECK_FALSE(MacAddress::parse("01:00:5e:7f:ff:fg").has_value());
  CHECK_FALSE(MacAddress::parse("01:00:5e:7f:ff.fe").has_value());
  CHECK(MacAddress::for_ipv4_multicast(0xeffffffe).to_string() == "01:00:5e:7f:ff:fe");
  CHECK(Ipv4Address::parse("239.255.0.1")->value == 0xefff0001U);
  CHECK(Ipv4Address::parse("239.255.0.1")->to_string() == "239.255.0.1");
  CHECK_FALSE(Ipv4Address::parse("256.0.0.1").has_value());
  CHECK_FALSE(Ipv4Address::parse("1.2.3").has_value());
  CHECK_FALSE(Ipv4Address::parse("1.2.3.4.").has_value());
  CHECK_FALSE(Ipv4Address::parse("1.2.3.0004").has_value());
  CHECK_FALSE(Ipv4Address::parse("").has_value());
  CHECK_FALSE(Ipv4Address::parse("192.168.1.2")->is_multicast());
}

TEST_CASE("writers refuse buffers too small for their header") {
  std::array<std::uint8_t, 64> out{};
  EthernetHeader tagged;
  tagged.vlan_tci = 1;
  CHECK(write_ethernet(std::span(out).first(17), tagged) == 0);
  CHECK(write_ethernet(std::span(out).first(18), tagged) == 18);
  CHECK(write_ipv4(std::span(out).first(19), Ipv4Header{}) == 0);
  CHECK(write_udp(std::span(out).first(7), UdpHeader{}) == 0);
  RtpHeader rtp;
  rtp.csrc_count = 1;
  CHECK(write_rtp(std::span(out).first(15), rtp) == 0);
  CHECK(write_rtp(std::span(out).first(16), rtp) == 16);
}

TEST_CASE("extended sequence numbers count on across the 16-bit wrap") {
  ExtendedSequence sequence;
  const std::uint64_t first = sequence.extend(65534);
  CHECK(sequence.extend(65535) == first + 1);
  CHECK(sequence.extend(0) == first + 2);
  CHECK(sequence.extend(1) == first + 3);
  CHECK(*sequence.highest() == first + 3);
  // Three full wraps in steps of 1000.
  std::uint64_t expected = first + 3;
  std::uint16_t value = 1;
  for (int i = 0; i < 200; ++i) {
    value = static_cast<std::uint16_t>(value + 1000);
    expected += 1000;
    CHECK(sequence.extend(value) == expected);
  }
}

TEST_CASE("extended sequence numbers place reordered and duplicate packets behind the highest") {
  ExtendedSequence sequence;
  const std::uint64_t first = sequence.extend(2);
  CHECK(sequence.extend(65535) == first - 3);  // sent before the first, across the wrap
  CHECK(*sequence.highest() == first);
  CHECK(sequence.extend(3) == first + 1);
  CHECK(sequence.extend(1) == first - 1);      // late
  CHECK(sequence.extend(3) == first + 1);      // duplicate
  CHECK(*sequence.highest() == first + 1);
  CHECK(sequence.extend(static_cast<std::uint16_t>(3 + 32767)) == first + 1 + 32767);  // a big forward jump
  CHECK(sequence.extend(4) == first + 2);      // still within half the space behind
}

TEST_CASE("a view parsed after another keeps none of the other's fields") {
  auto tagged_padded = frame_of({true, 3, 40, 8});
  tagged_padded[18 + 28] |= 0x10;  // RTP X bit: the first 4 octets after the CSRCs become an extension header
  store_be16(tagged_padded.data() + 18 + 28 + 24, 0x1234);
  store_be16(tagged_padded.data() + 18 + 28 + 26, 1);
  const auto first = parse_rtp_packet(tagged_padded);
  REQUIRE(first.has_value());
  RtpPacketView view = *first;
  CHECK(view.ethernet.vlan_tci.has_value());
  CHECK(view.rtp.extension_profile == 0x1234);
  CHECK(view.rtp.padding_length == 8);
  CHECK(view.payload.size() == 32);

  const auto plain = frame_of({false, 0, 100, 0});
  const auto second = parse_rtp_packet(plain);
  REQUIRE(second.has_value());
  view = *second;
  auto fresh = parse_rtp_packet(plain);
  REQUIRE(fresh.has_value());
  CHECK_FALSE(view.ethernet.vlan_tci.has_value());
  CHECK(view.rtp.extension_profile == 0);
  CHECK(view.rtp.extension_data.empty());
  CHECK(view.rtp.padding_length == 0);
  CHECK(view.rtp.csrc_count == 0);
  CHECK(view.ip_offset == fresh->ip_offset);
  CHECK(view.rtp.header_length == fresh->rtp.header_length);
  CHECK(view.payload.data() == fresh->payload.data());
  CHECK(view.payload.size() == fresh->payload.size());

  auto broken = plain;
  broken[14 + 12] ^= 1;
  const auto refused = parse_rtp_packet(broken);
  CHECK_FALSE(refused.has_value());
  CHECK(refused.error() == ParseError::kBadIpChecksum);
}
