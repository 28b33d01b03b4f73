#include "igmp_report.hpp"

#include <algorithm>

namespace crosspoint::engine {

namespace {

constexpr std::uint8_t kIgmpv3MembershipReport = 0x22;
constexpr std::uint8_t kIgmpv2MembershipReport = 0x16;
constexpr std::uint8_t kTosInternetworkControl = 0xc0;
constexpr std::size_t kIpWithRouterAlert = 24;

std::size_t record_length(const GroupRecord& record) { return 8 + 4 * record.sources.size(); }

// Ethernet, then IPv4 with the Router Alert option (RFC 2113) and TTL 1, as RFC 2236 and RFC 3376 require.
// Returns where the IGMP message starts.
std::uint8_t* write_igmp_headers(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                 st2110::Ipv4Address source_address, st2110::Ipv4Address destination,
                                 std::size_t igmp_length) {
  using namespace st2110;
  const std::size_t frame_length = kEthernetHeaderLength + kIpWithRouterAlert + igmp_length;
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(frame_length), std::uint8_t{0});
  EthernetHeader ethernet;
  ethernet.destination = MacAddress::for_ipv4_multicast(destination.value);
  ethernet.source = source_mac;
  ethernet.ether_type = kEtherTypeIpv4;
  write_ethernet(out, ethernet);
  std::uint8_t* ip = out.data() + kEthernetHeaderLength;
  ip[0] = 0x46;
  ip[1] = kTosInternetworkControl;
  store_be16(ip + 2, static_cast<std::uint16_t>(kIpWithRouterAlert + igmp_length));
  store_be16(ip + 6, 0x4000);
  ip[8] = 1;
  ip[9] = kIpProtocolIgmp;
  store_be32(ip + 12, source_address.value);
  store_be32(ip + 16, destination.value);
  ip[20] = 0x94;
  ip[21] = 0x04;
  store_be16(ip + 10, internet_checksum(Bytes{ip, kIpWithRouterAlert}));
  return ip + kIpWithRouterAlert;
}

}  // namespace

std::size_t igmpv3_report_frame_length(std::span<const GroupRecord> records) {
  std::size_t igmp_length = 8;
  for (const GroupRecord& record : records) igmp_length += record_length(record);
  return st2110::kEthernetHeaderLength + kIpWithRouterAlert + igmp_length;
}

std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, std::span<const GroupRecord> records) {
  using namespace st2110;
  const std::size_t frame_length = igmpv3_report_frame_length(records);
  if (out.size() < frame_length || records.size() > 0xffff) return 0;
  const std::size_t igmp_length = frame_length - kEthernetHeaderLength - kIpWithRouterAlert;
  std::uint8_t* igmp = write_igmp_headers(out, source_mac, source_address, kIgmpv3ReportsGroup, igmp_length);
  igmp[0] = kIgmpv3MembershipReport;
  store_be16(igmp + 6, static_cast<std::uint16_t>(records.size()));
  std::uint8_t* at = igmp + 8;
  for (const GroupRecord& record : records) {
    at[0] = static_cast<std::uint8_t>(record.type);
    store_be16(at + 2, static_cast<std::uint16_t>(record.sources.size()));
    store_be32(at + 4, record.group.value);
    for (std::size_t i = 0; i < record.sources.size(); ++i) store_be32(at + 8 + 4 * i, record.sources[i].value);
    at += record_length(record);
  }
  store_be16(igmp + 2, internet_checksum(Bytes{igmp, igmp_length}));
  return frame_length;
}

std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group,
                                std::optional<st2110::Ipv4Address> source, Membership membership) {
  GroupRecord record;
  record.group = group;
  if (source) record.sources.push_back(*source);
  if (membership == Membership::kJoin) {
    record.type = source ? GroupRecordType::kAllowNewSources : GroupRecordType::kChangeToExclude;
  } else {
    record.type = source ? GroupRecordType::kBlockOldSources : GroupRecordType::kChangeToInclude;
  }
  return write_igmpv3_report(out, source_mac, source_address, std::span<const GroupRecord>{&record, 1});
}

std::size_t write_igmpv2_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group) {
  using namespace st2110;
  if (out.size() < kIgmpv2ReportFrameLength) return 0;
  std::uint8_t* igmp = write_igmp_headers(out, source_mac, source_address, group, 8);
  igmp[0] = kIgmpv2MembershipReport;
  store_be32(igmp + 4, group.value);
  store_be16(igmp + 2, internet_checksum(Bytes{igmp, 8}));
  return kIgmpv2ReportFrameLength;
}

}  // namespace crosspoint::engine
