#include <catch2/catch.hpp>

#include <vector>

#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/udp.hpp"
#include "output_header.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;

TEST_CASE("output headers carry the leg's addresses, exact lengths and a valid IPv4 checksum") {
  OutputHeaderFields fields;
  fields.source_mac = st2110::MacAddress{{2, 0, 0, 0, 0, 1}};
  fields.destination_mac = st2110::MacAddress::for_ipv4_multicast(0xEF000001);
  fields.source = st2110::Ipv4Address{0xC0000201};
  fields.destination = st2110::Ipv4Address{0xEF000001};
  fields.source_port = 1234;
  fields.destination_port = 5004;
  fields.dscp = 34;
  fields.ttl = 16;
  const OutputHeader header(fields);
  for (const std::uint16_t payload : {std::uint16_t{12}, std::uint16_t{1220}, std::uint16_t{1448}}) {
    std::vector<std::uint8_t> frame(kOutputHeaderLength + payload);
    header.write(frame.data(), payload);
    const auto ip = st2110::parse_ipv4(st2110::Bytes{frame}.subspan(14));
    REQUIRE(ip);  // parse_ipv4 verifies the checksum
    CHECK(ip->total_length == 20 + 8 + payload);
    CHECK(ip->source == fields.source);
    CHECK(ip->destination == fields.destination);
    CHECK(ip->dscp == 34);
    CHECK(ip->ttl == 16);
    const auto udp = st2110::parse_udp(st2110::Bytes{frame}.subspan(34));
    REQUIRE(udp);
    CHECK(udp->length == 8 + payload);
    CHECK(udp->source_port == 1234);
    CHECK(udp->destination_port == 5004);
  }
}

TEST_CASE("RTP rewriting keeps the marker bit and timestamp") {
  std::uint8_t rtp[12] = {0x80, 0x80 | 96, 0, 1, 1, 2, 3, 4, 9, 9, 9, 9};
  rewrite_rtp(rtp, 112, 0xBEEF, 0x01020304);
  CHECK(rtp[1] == (0x80 | 112));
  CHECK(st2110::load_be16(rtp + 2) == 0xBEEF);
  CHECK(st2110::load_be32(rtp + 4) == 0x01020304);
  CHECK(st2110::load_be32(rtp + 8) == 0x01020304);
}
