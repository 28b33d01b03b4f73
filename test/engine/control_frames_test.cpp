#include <catch2/catch.hpp>

#include <vector>

#include "arp_responder.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "igmp_report.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;

namespace {
const st2110::MacAddress kPortMac{{2, 0, 0, 0, 0, 0x64}};
const st2110::Ipv4Address kPortAddress{0xC0000264};

std::vector<std::uint8_t> arp_request(std::uint32_t target) {
  std::vector<std::uint8_t> f(60, 0);
  for (int i = 0; i < 6; ++i) f[i] = 0xff;
  const std::uint8_t requester[6] = {2, 0, 0, 0, 0, 7};
  std::copy(requester, requester + 6, f.begin() + 6);
  st2110::store_be16(&f[12], st2110::kEtherTypeArp);
  std::uint8_t* a = &f[14];
  st2110::store_be16(a, 1);
  st2110::store_be16(a + 2, 0x0800);
  a[4] = 6;
  a[5] = 4;
  st2110::store_be16(a + 6, 1);
  std::copy(requester, requester + 6, a + 8);
  st2110::store_be32(a + 14, 0xC0000207);
  st2110::store_be32(a + 24, target);
  return f;
}
}  // namespace

TEST_CASE("an ARP request for the port's address becomes the reply") {
  auto frame = arp_request(kPortAddress.value);
  REQUIRE(answer_arp_in_place(st2110::MutableBytes{frame}, kPortMac, kPortAddress));
  CHECK(frame[5] == 7);                               // to the requester
  CHECK(frame[11] == 0x64);                           // from the port
  CHECK(st2110::load_be16(&frame[20]) == 2);          // a reply
  CHECK(st2110::load_be32(&frame[28]) == kPortAddress.value);
  CHECK(st2110::load_be32(&frame[38]) == 0xC0000207);
}

TEST_CASE("ARP for another address is not answered") {
  auto frame = arp_request(0xC0000299);
  CHECK(!answer_arp_in_place(st2110::MutableBytes{frame}, kPortMac, kPortAddress));
}

TEST_CASE("IGMPv3 reports join any-source and source-specific groups and leave them") {
  std::vector<std::uint8_t> frame(128);
  const st2110::Ipv4Address group{0xEF010101};
  std::size_t n = write_igmpv3_report(st2110::MutableBytes{frame}, kPortMac, kPortAddress, group, std::nullopt, Membership::kJoin);
  REQUIRE(n == 14 + 24 + 16);
  CHECK(frame[0] == 0x01);                                         // 01:00:5e:00:00:16
  CHECK(frame[5] == 0x16);
  const auto ip = st2110::parse_ipv4(st2110::Bytes{frame}.subspan(14, n - 14));
  REQUIRE(ip);
  CHECK(ip->protocol == st2110::kIpProtocolIgmp);
  CHECK(ip->ttl == 1);
  CHECK(ip->header_length == 24);                                  // Router Alert
  const std::uint8_t* igmp = &frame[38];
  CHECK(igmp[0] == 0x22);
  CHECK(st2110::internet_checksum(st2110::Bytes{igmp, 16}) == 0);
  CHECK(igmp[8] == 4);                                             // CHANGE_TO_EXCLUDE {}: join
  CHECK(st2110::load_be32(igmp + 12) == group.value);

  n = write_igmpv3_report(st2110::MutableBytes{frame}, kPortMac, kPortAddress, group, st2110::Ipv4Address{0xC0000201},
                          Membership::kJoin);
  REQUIRE(n == 14 + 24 + 20);
  CHECK(frame[38 + 8] == 5);  // ALLOW_NEW_SOURCES {s}
  CHECK(st2110::load_be32(&frame[38 + 16]) == 0xC0000201);
  n = write_igmpv3_report(st2110::MutableBytes{frame}, kPortMac, kPortAddress, group, std::nullopt, Membership::kLeave);
  CHECK(frame[38 + 8] == 3);  // CHANGE_TO_INCLUDE {}: leave
}
