#include <catch2/catch.hpp>

#include <vector>

#include "arp_responder.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "igmp_query.hpp"
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

TEST_CASE("a request for a destination's MAC, answered by the host that has it, is read back as its reply") {
  std::vector<std::uint8_t> frame(kArpFrameLength);
  const st2110::Ipv4Address host{0xC0000232};
  REQUIRE(write_arp_request(st2110::MutableBytes{frame}, kPortMac, kPortAddress, host) == kArpFrameLength);
  CHECK(frame[0] == 0xff);                              // broadcast
  CHECK(st2110::load_be16(&frame[20]) == 1);            // a request
  CHECK(st2110::load_be32(&frame[28]) == kPortAddress.value);
  CHECK(st2110::load_be32(&frame[38]) == host.value);
  CHECK(!parse_arp_reply(st2110::Bytes{frame}, kPortAddress));  // a request is no reply
  // The host answers it the way the port answers requests for its own address.
  const st2110::MacAddress host_mac{{2, 0, 0, 0, 0, 0x32}};
  REQUIRE(answer_arp_in_place(st2110::MutableBytes{frame}, host_mac, host));
  const auto reply = parse_arp_reply(st2110::Bytes{frame}, kPortAddress);
  REQUIRE(reply);
  CHECK(reply->sender == host);
  CHECK(reply->sender_mac == host_mac);
  CHECK(!parse_arp_reply(st2110::Bytes{frame}, st2110::Ipv4Address{0xC0000265}));  // to another address
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

namespace {

// An IGMP query message: IGMPv3 when `v3`, else the eight octets of IGMPv2.
std::vector<std::uint8_t> igmp_query(std::uint32_t group, std::uint8_t max_response_code, bool v3,
                                     std::vector<std::uint32_t> sources = {}) {
  std::vector<std::uint8_t> igmp(v3 ? 12 + 4 * sources.size() : 8, 0);
  igmp[0] = 0x11;
  igmp[1] = max_response_code;
  st2110::store_be32(&igmp[4], group);
  if (v3) {
    igmp[8] = 2;     // robustness
    igmp[9] = 125;   // query interval
    st2110::store_be16(&igmp[10], static_cast<std::uint16_t>(sources.size()));
    for (std::size_t i = 0; i < sources.size(); ++i) st2110::store_be32(&igmp[12 + 4 * i], sources[i]);
  }
  st2110::store_be16(&igmp[2], st2110::internet_checksum(st2110::Bytes{igmp}));
  return igmp;
}

}  // namespace

TEST_CASE("IGMP queries are read with their version, group, sources and Max Resp Time") {
  const auto general = parse_igmp_query(st2110::Bytes{igmp_query(0, 100, true)});
  REQUIRE(general);
  CHECK(general->version == 3);
  CHECK(!general->group);
  CHECK(general->max_response_ns == 10'000'000'000);
  // Codes from 128 are floating point (RFC 3376 4.1.1): 0x8f = (0x0f | 0x10) << (0 + 3) = 248 tenths.
  CHECK(parse_igmp_query(st2110::Bytes{igmp_query(0, 0x8f, true)})->max_response_ns == 24'800'000'000);
  const auto specific = parse_igmp_query(st2110::Bytes{igmp_query(0xE8010101, 10, true, {0xC0000207, 0xC0000208})});
  REQUIRE(specific);
  CHECK(specific->group == st2110::Ipv4Address{0xE8010101});
  CHECK(specific->sources.size() == 2);
  const auto v2 = parse_igmp_query(st2110::Bytes{igmp_query(0, 0, false)});
  REQUIRE(v2);
  CHECK(v2->version == 2);
  CHECK(v2->max_response_ns == 10'000'000'000);  // IGMPv1: 0 means 10 s

  auto corrupt = igmp_query(0, 100, true);
  corrupt[9] ^= 1;
  CHECK(!parse_igmp_query(st2110::Bytes{corrupt}));                               // checksum
  CHECK(!parse_igmp_query(st2110::Bytes{igmp_query(0xC0000201, 10, true)}));      // not a multicast group
  CHECK(!parse_igmp_query(st2110::Bytes{igmp_query(0, 10, true, {0xC0000207})}));  // sources without a group
  auto report = igmp_query(0, 10, true);
  report[0] = 0x22;
  CHECK(!parse_igmp_query(st2110::Bytes{report}));
}

TEST_CASE("answers are delayed within Max Resp Time, and a sooner general answer covers a group query") {
  IgmpResponder responder(7);
  IgmpQuery general;
  general.max_response_ns = 1'000'000'000;
  responder.heard(0, general, 0);
  REQUIRE(responder.pending() == 1);
  CHECK(responder.take_due(-1).empty());
  IgmpQuery group_query;
  group_query.group = st2110::Ipv4Address{0xEF000001};
  group_query.max_response_ns = 10'000'000'000;
  // Due later than the pending general answer (with overwhelming likelihood): covered by it.
  responder.heard(0, group_query, 900'000'000);
  const auto due = responder.take_due(1'000'000'000);
  REQUIRE(due.size() == 1);
  CHECK(!due[0].group);
  CHECK(due[0].due >= 0);
  CHECK(due[0].due < 1'000'000'000);
  CHECK(responder.pending() == 0);

  // Two source lists for one group merge; a plain group query then clears them.
  IgmpQuery s1 = group_query;
  s1.sources = {st2110::Ipv4Address{0xC0000207}};
  IgmpQuery s2 = group_query;
  s2.sources = {st2110::Ipv4Address{0xC0000208}};
  responder.heard(1, s1, 0);
  responder.heard(1, s2, 0);
  REQUIRE(responder.pending() == 1);
  auto merged = responder.take_due(20'000'000'000);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].sources.size() == 2);
  responder.heard(1, s1, 0);
  responder.heard(1, group_query, 0);
  merged = responder.take_due(20'000'000'000);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].sources.empty());
}

TEST_CASE("current-state records follow RFC 3376 5.2") {
  PortGroups groups;
  groups[0xEF000001] = {};                                    // any source
  groups[0xE8010101] = {st2110::Ipv4Address{0xC0000207}};     // source-specific
  IgmpResponder::Response general;
  auto records = answer(general, groups);
  REQUIRE(records.size() == 2);
  for (const GroupRecord& r : records) {
    if (r.group.value == 0xEF000001) {
      CHECK(r.type == GroupRecordType::kModeIsExclude);
      CHECK(r.sources.empty());
    } else {
      CHECK(r.type == GroupRecordType::kModeIsInclude);
      CHECK(r.sources == std::vector<st2110::Ipv4Address>{st2110::Ipv4Address{0xC0000207}});
    }
  }
  IgmpResponder::Response other;
  other.group = st2110::Ipv4Address{0xEF000099};
  CHECK(answer(other, groups).empty());
  IgmpResponder::Response sources;
  sources.group = st2110::Ipv4Address{0xE8010101};
  sources.sources = {st2110::Ipv4Address{0xC0000207}, st2110::Ipv4Address{0xC0000299}};
  records = answer(sources, groups);
  REQUIRE(records.size() == 1);
  CHECK(records[0].type == GroupRecordType::kModeIsInclude);
  CHECK(records[0].sources == std::vector<st2110::Ipv4Address>{st2110::Ipv4Address{0xC0000207}});  // IS_IN(A*B)
  sources.group = st2110::Ipv4Address{0xEF000001};
  CHECK(answer(sources, groups)[0].sources.size() == 2);  // EXCLUDE({}): IS_IN(B)
  sources.sources = {st2110::Ipv4Address{0xC0000299}};
  sources.group = st2110::Ipv4Address{0xE8010101};
  CHECK(answer(sources, groups).empty());
}

TEST_CASE("an IGMPv3 report carries every record; an IGMPv2 report goes to its group") {
  std::vector<GroupRecord> records{
      {GroupRecordType::kModeIsExclude, st2110::Ipv4Address{0xEF000001}, {}},
      {GroupRecordType::kModeIsInclude, st2110::Ipv4Address{0xE8010101},
       {st2110::Ipv4Address{0xC0000207}, st2110::Ipv4Address{0xC0000208}}}};
  std::vector<std::uint8_t> frame(256);
  const std::size_t n = write_igmpv3_report(st2110::MutableBytes{frame}, kPortMac, kPortAddress, records);
  REQUIRE(n == igmpv3_report_frame_length(records));
  REQUIRE(n == 14 + 24 + 8 + 8 + 16);
  const std::uint8_t* igmp = &frame[38];
  CHECK(st2110::internet_checksum(st2110::Bytes{igmp, n - 38}) == 0);
  CHECK(st2110::load_be16(igmp + 6) == 2);
  CHECK(igmp[8] == 2);                                   // MODE_IS_EXCLUDE
  CHECK(igmp[16] == 1);                                  // MODE_IS_INCLUDE
  CHECK(st2110::load_be16(igmp + 18) == 2);
  CHECK(st2110::load_be32(igmp + 28) == 0xC0000208);
  CHECK(write_igmpv3_report(st2110::MutableBytes{frame.data(), n - 1}, kPortMac, kPortAddress, records) == 0);

  REQUIRE(write_igmpv2_report(st2110::MutableBytes{frame}, kPortMac, kPortAddress, st2110::Ipv4Address{0xEF000001}) ==
          kIgmpv2ReportFrameLength);
  const auto ip = st2110::parse_ipv4(st2110::Bytes{frame}.subspan(14, 32));
  REQUIRE(ip);
  CHECK(ip->destination == st2110::Ipv4Address{0xEF000001});
  CHECK(frame[38] == 0x16);
  CHECK(st2110::internet_checksum(st2110::Bytes{&frame[38], 8}) == 0);
}
