#include "igmp_query.hpp"

#include <algorithm>

#include "crosspoint/st2110/ethernet.hpp"

namespace crosspoint::engine {

namespace {

constexpr std::size_t kIgmpv2Length = 8;
constexpr std::size_t kIgmpv3QueryLength = 12;
constexpr Nanoseconds kTenthOfSecond = 100'000'000;

// RFC 3376 4.1.1: below 128 the code is the time; above, a floating-point value (mantissa, exponent).
Nanoseconds max_response_of_v3_code(std::uint8_t code) {
  if (code < 128) return code * kTenthOfSecond;
  const unsigned mantissa = code & 0x0f;
  const unsigned exponent = (code >> 4) & 0x07;
  return static_cast<Nanoseconds>((mantissa | 0x10U) << (exponent + 3)) * kTenthOfSecond;
}

bool contains(const std::vector<st2110::Ipv4Address>& list, st2110::Ipv4Address a) {
  return std::find(list.begin(), list.end(), a) != list.end();
}

}  // namespace

std::optional<IgmpQuery> parse_igmp_query(st2110::Bytes igmp) {
  using namespace st2110;
  if (igmp.size() < kIgmpv2Length || igmp[0] != kIgmpMembershipQuery || internet_checksum(igmp) != 0) return std::nullopt;
  IgmpQuery query;
  const std::uint32_t group = load_be32(igmp.data() + 4);
  if (group != 0) {
    if (!Ipv4Address{group}.is_multicast()) return std::nullopt;
    query.group = Ipv4Address{group};
  }
  if (igmp.size() == kIgmpv2Length) {
    // IGMPv1 sends 0 (meaning 10 s, RFC 2236 4); IGMPv2 the time in tenths of a second.
    query.version = 2;
    query.max_response_ns = igmp[1] == 0 ? 100 * kTenthOfSecond : igmp[1] * kTenthOfSecond;
    return query;
  }
  if (igmp.size() < kIgmpv3QueryLength) return std::nullopt;
  const std::size_t source_count = load_be16(igmp.data() + 10);
  if (igmp.size() < kIgmpv3QueryLength + 4 * source_count) return std::nullopt;
  if (source_count != 0 && !query.group) return std::nullopt;  // sources need a group
  query.max_response_ns = max_response_of_v3_code(igmp[1]);
  for (std::size_t i = 0; i < source_count; ++i) {
    query.sources.push_back(Ipv4Address{load_be32(igmp.data() + kIgmpv3QueryLength + 4 * i)});
  }
  return query;
}

std::optional<IgmpQuery> parse_igmp_query_frame(st2110::Bytes frame) {
  using namespace st2110;
  const auto ethernet = parse_ethernet(frame);
  if (!ethernet || ethernet->ether_type != kEtherTypeIpv4) return std::nullopt;
  const Bytes packet = frame.subspan(ethernet->length());
  const auto ip = parse_ipv4(packet);
  if (!ip || ip->protocol != kIpProtocolIgmp) return std::nullopt;
  return parse_igmp_query(packet.subspan(ip->header_length, ip->total_length - ip->header_length));
}

void IgmpResponder::heard(std::uint16_t port, const IgmpQuery& query, Nanoseconds now) {
  const Nanoseconds delay = query.max_response_ns <= 0
                                ? 0
                                : static_cast<Nanoseconds>(random_() % static_cast<std::uint64_t>(query.max_response_ns));
  const Nanoseconds due = now + delay;
  auto general = std::find_if(pending_.begin(), pending_.end(),
                              [&](const Response& r) { return r.port == port && !r.group; });
  // A pending general response that comes sooner answers this query too.
  if (general != pending_.end() && general->due <= due) return;
  if (!query.group) {
    if (general != pending_.end()) {
      general->due = due;
      general->version = query.version;
    } else {
      pending_.push_back(Response{port, query.version, std::nullopt, {}, due});
    }
    return;
  }
  auto same = std::find_if(pending_.begin(), pending_.end(),
                           [&](const Response& r) { return r.port == port && r.group == query.group; });
  if (same == pending_.end()) {
    pending_.push_back(Response{port, query.version, query.group, query.sources, due});
    return;
  }
  // RFC 3376 5.2: a group query clears the source list; two source lists merge.
  if (query.sources.empty() || same->sources.empty()) {
    same->sources.clear();
  } else {
    for (const st2110::Ipv4Address s : query.sources) {
      if (!contains(same->sources, s)) same->sources.push_back(s);
    }
  }
  same->due = std::min(same->due, due);
  same->version = query.version;
}

std::vector<IgmpResponder::Response> IgmpResponder::take_due(Nanoseconds now) {
  std::vector<Response> due;
  auto still_pending = std::partition(pending_.begin(), pending_.end(), [&](const Response& r) { return r.due > now; });
  std::move(still_pending, pending_.end(), std::back_inserter(due));
  pending_.erase(still_pending, pending_.end());
  return due;
}

std::vector<GroupRecord> answer(const IgmpResponder::Response& response, const PortGroups& groups) {
  std::vector<GroupRecord> records;
  auto state_record = [](std::uint32_t group, const std::vector<st2110::Ipv4Address>& sources) {
    return GroupRecord{sources.empty() ? GroupRecordType::kModeIsExclude : GroupRecordType::kModeIsInclude,
                       st2110::Ipv4Address{group}, sources};
  };
  if (!response.group) {
    for (const auto& [group, sources] : groups) records.push_back(state_record(group, sources));
    return records;
  }
  const auto it = groups.find(response.group->value);
  if (it == groups.end()) return records;
  if (response.sources.empty()) {
    records.push_back(state_record(it->first, it->second));
    return records;
  }
  // Group-and-source-specific: INCLUDE(A) answers IS_IN(A*B); EXCLUDE({}) answers IS_IN(B).
  GroupRecord record{GroupRecordType::kModeIsInclude, *response.group, {}};
  for (const st2110::Ipv4Address s : response.sources) {
    if (it->second.empty() || contains(it->second, s)) record.sources.push_back(s);
  }
  if (!record.sources.empty()) records.push_back(std::move(record));
  return records;
}

}  // namespace crosspoint::engine
