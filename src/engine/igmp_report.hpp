// IGMPv3 membership reports (RFC 3376 section 4.2): the state changes that join and leave the multicast
// groups inputs listen to, any-source or source-specific, and the current-state records that answer a
// querier, so a switched network with IGMP snooping keeps delivering the flows to the port. IGMPv2 reports
// (RFC 2236) answer an IGMPv1/v2 querier. Pure code, no DPDK.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::engine {

enum class Membership : std::uint8_t { kJoin, kLeave };

enum class GroupRecordType : std::uint8_t {
  kModeIsInclude = 1,
  kModeIsExclude = 2,
  kChangeToInclude = 3,
  kChangeToExclude = 4,
  kAllowNewSources = 5,
  kBlockOldSources = 6,
};

struct GroupRecord {
  GroupRecordType type = GroupRecordType::kModeIsExclude;
  st2110::Ipv4Address group;
  std::vector<st2110::Ipv4Address> sources;
};

// Ethernet + IPv4 (with Router Alert) + an IGMPv3 report of one record with at most one source.
constexpr std::size_t kIgmpReportFrameLength = 14 + 24 + 8 + 8 + 4;
const st2110::Ipv4Address kIgmpv3ReportsGroup{0xE0000016};  // 224.0.0.22

// The whole frame of an IGMPv3 report carrying `records`.
std::size_t igmpv3_report_frame_length(std::span<const GroupRecord> records);
// Writes the frame into `out` and returns its length (0 when `out` is too small).
std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, std::span<const GroupRecord> records);

// A state change: joins without a source are CHANGE_TO_EXCLUDE({}), with a source ALLOW_NEW_SOURCES({s});
// leaves are CHANGE_TO_INCLUDE({}) and BLOCK_OLD_SOURCES({s}).
std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group,
                                std::optional<st2110::Ipv4Address> source, Membership membership);

// An IGMPv2 Membership Report for `group`, sent to the group itself.
constexpr std::size_t kIgmpv2ReportFrameLength = 14 + 24 + 8;
std::size_t write_igmpv2_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group);

}  // namespace crosspoint::engine
