// Membership queries heard on a port (RFC 3376 section 4.1; RFC 2236 for IGMPv2, whose queries are eight
// octets long) and the answers a host owes them (RFC 3376 section 5.2): each is answered after a random
// delay within the query's Max Resp Time, with current-state records of the groups the port listens to.
// Pure code, no DPDK; the engine's control plane drives it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "igmp_report.hpp"

namespace crosspoint::engine {

struct IgmpQuery {
  unsigned version = 3;  // 3, or 2 for an IGMPv1/v2 querier (answered with IGMPv2 reports)
  std::optional<st2110::Ipv4Address> group;     // none: a general query
  std::vector<st2110::Ipv4Address> sources;     // a group-and-source-specific query (IGMPv3)
  Nanoseconds max_response_ns = 10'000'000'000;
};

// The IGMP message (the IPv4 payload); none when it is not a well-formed query.
std::optional<IgmpQuery> parse_igmp_query(st2110::Bytes igmp);
// A whole Ethernet frame: Ethernet (optionally tagged), IPv4 with a valid checksum, IGMP query.
std::optional<IgmpQuery> parse_igmp_query_frame(st2110::Bytes frame);
constexpr std::uint8_t kIgmpMembershipQuery = 0x11;

// The groups a port listens to: group -> sources; no sources means any source (EXCLUDE {}).
using PortGroups = std::map<std::uint32_t, std::vector<st2110::Ipv4Address>>;

class IgmpResponder {
 public:
  // A response owed: its port, the querier's version, and what was asked.
  struct Response {
    std::uint16_t port = 0;
    unsigned version = 3;
    std::optional<st2110::Ipv4Address> group;  // none: general
    std::vector<st2110::Ipv4Address> sources;  // a group-and-source-specific query's sources
    Nanoseconds due = 0;
  };

  explicit IgmpResponder(std::uint64_t seed = 2110) : random_(seed) {}
  // Schedules the answer to `query`, merged with what is pending for the port as RFC 3376 5.2 says.
  void heard(std::uint16_t port, const IgmpQuery& query, Nanoseconds now);
  // The responses due by `now`, removed from the schedule.
  std::vector<Response> take_due(Nanoseconds now);
  [[nodiscard]] std::size_t pending() const { return pending_.size(); }

 private:
  std::mt19937_64 random_;
  std::vector<Response> pending_;
};

// The current-state records that answer `response` for a port listening to `groups` (empty: nothing to
// report). General and group-specific: IS_EX({}) for any-source groups, IS_IN(S) for source-specific ones;
// group-and-source-specific: IS_IN of the queried sources the port wants.
std::vector<GroupRecord> answer(const IgmpResponder::Response& response, const PortGroups& groups);

}  // namespace crosspoint::engine
