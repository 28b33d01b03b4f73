#include "igmp_report.hpp"

#include <algorithm>

namespace crosspoint::engine {

namespace {
constexpr std::uint8_t kIgmpv3MembershipReport = 0x22;
constexpr std::uint8_t kChangeToInclude = 3;
constexpr std::uint8_t kChangeToExclude = 4;
constexpr std::uint8_t kAllowNewSources = 5;
constexpr std::uint8_t kBlockOldSources = 6;
constexpr std::uint8_t kTosInternetworkControl = 0xc0;
}  // namespace

std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group,
                                std::optional<st2110::Ipv4Address> source, Membership membership) {
  using namespace st2110;
  const std::size_t source_bytes = source ? 4 : 0;
  const std::size_t igmp_length = 8 + 8 + source_bytes;
  const std::size_t ip_length = 24 + igmp_length;
  const std::size_t frame_length = kEthernetHeaderLength + ip_length;
  if (out.size() < frame_length) return 0;
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(frame_length), std::uint8_t{0});

  EthernetHeader ethernet;
  ethernet.destination = MacAddress::for_ipv4_multicast(kIgmpv3ReportsGroup.value);
  ethernet.source = source_mac;
  ethernet.ether_type = kEtherTypeIpv4;
  write_ethernet(out, ethernet);

  // IPv4 with the Router Alert option (RFC 2113), TTL 1, as RFC 3376 requires.
  std::uint8_t* ip = out.data() + kEthernetHeaderLength;
  ip[0] = 0x46;
  ip[1] = kTosInternetworkControl;
  store_be16(ip + 2, static_cast<std::uint16_t>(ip_length));
  store_be16(ip + 6, 0x4000);
  ip[8] = 1;
  ip[9] = kIpProtocolIgmp;
  store_be32(ip + 12, source_address.value);
  store_be32(ip + 16, kIgmpv3ReportsGroup.value);
  ip[20] = 0x94;
  ip[21] = 0x04;
  store_be16(ip + 10, internet_checksum(Bytes{ip, 24}));

  std::uint8_t* igmp = ip + 24;
  igmp[0] = kIgmpv3MembershipReport;
  store_be16(igmp + 6, 1);  // one group record
  std::uint8_t* record = igmp + 8;
  if (membership == Membership::kJoin) {
    record[0] = source ? kAllowNewSources : kChangeToExclude;
  } else {
    record[0] = source ? kBlockOldSources : kChangeToInclude;
  }
  store_be16(record + 2, source ? 1 : 0);
  store_be32(record + 4, group.value);
  if (source) store_be32(record + 8, source->value);
  store_be16(igmp + 2, internet_checksum(Bytes{igmp, igmp_length}));
  return frame_length;
}

}  // namespace crosspoint::engine
