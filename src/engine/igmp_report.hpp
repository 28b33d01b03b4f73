// IGMPv3 membership reports (RFC 3376 section 4.2) that join and leave the multicast groups inputs listen
// to, any-source or source-specific, so a switched network delivers the flows to the port.
#pragma once

#include <cstddef>
#include <optional>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::engine {

enum class Membership : std::uint8_t { kJoin, kLeave };

// Ethernet + IPv4 (with Router Alert) + one IGMPv3 group record.
constexpr std::size_t kIgmpReportFrameLength = 14 + 24 + 8 + 8 + 4;
const st2110::Ipv4Address kIgmpv3ReportsGroup{0xE0000016};  // 224.0.0.22

// Writes a whole frame into `out` and returns its length (0 when `out` is too small). Joins without a
// source are CHANGE_TO_EXCLUDE({}), with a source ALLOW_NEW_SOURCES({s}); leaves are CHANGE_TO_INCLUDE({})
// and BLOCK_OLD_SOURCES({s}).
std::size_t write_igmpv3_report(st2110::MutableBytes out, const st2110::MacAddress& source_mac,
                                st2110::Ipv4Address source_address, st2110::Ipv4Address group,
                                std::optional<st2110::Ipv4Address> source, Membership membership);

}  // namespace crosspoint::engine
