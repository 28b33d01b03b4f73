#include "igmp_membership.hpp"

#include "control_ring.hpp"

#include <chrono>
#include <set>
#include <span>

#include <rte_mbuf.h>

#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

namespace {

// Answers to IGMP queries are split into frames no longer than a standard Ethernet frame.
constexpr std::size_t kMaxControlFrame = 1514;
constexpr auto kQueryPollInterval = std::chrono::milliseconds(10);

}  // namespace

// Hands a frame written by `write` (returning its length, 0 on failure) to the port's worker to send.
template <typename Write>
void IgmpMembership::send_frame(std::uint16_t port, std::size_t capacity, Write&& write) {
  if (ports_ == nullptr || port >= ports_->size()) return;
  rte_mbuf* m = rte_pktmbuf_alloc(pool_);
  if (m == nullptr) {
    ++unsent_[port];
    return;
  }
  auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, static_cast<std::uint16_t>(capacity)));
  const std::size_t length = data == nullptr ? 0 : write(st2110::MutableBytes{data, capacity});
  if (length == 0) {
    rte_pktmbuf_free(m);
    ++unsent_[port];
    return;
  }
  rte_pktmbuf_trim(m, static_cast<std::uint16_t>(capacity - length));
  m->port = port;
  if (rte_ring_sp_enqueue(control_rings_[(*ports_)[port].worker], m) != 0) {
    rte_pktmbuf_free(m);
    ++unsent_[port];
  }
}

void IgmpMembership::send_report(std::uint16_t port, st2110::Ipv4Address group, std::optional<st2110::Ipv4Address> source,
                                 Membership membership) {
  if (ports_ == nullptr || port >= ports_->size()) return;
  const OpenPort& p = (*ports_)[port];
  send_frame(port, kIgmpReportFrameLength, [&](st2110::MutableBytes out) {
    return write_igmpv3_report(out, p.mac, p.ipv4, group, source, membership);
  });
}

void IgmpMembership::update(const InputRecord& record, Membership membership) {
  for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
    const InputLeg& l = record.config.legs[leg];
    if (!l.destination.is_multicast()) continue;
    const Key key{record.leg_ports[leg], l.destination.value, l.source ? l.source->value : 0};
    unsigned& count = memberships_[key];
    if (membership == Membership::kJoin) {
      if (count++ == 0) send_report(record.leg_ports[leg], l.destination, l.source, Membership::kJoin);
    } else if (count != 0 && --count == 0) {
      send_report(record.leg_ports[leg], l.destination, l.source, Membership::kLeave);
      memberships_.erase(key);
    }
  }
}

void IgmpMembership::resend_all(Membership membership) {
  for (const auto& [key, count] : memberships_) {
    const auto [port, group, source] = key;
    send_report(port, st2110::Ipv4Address{group},
                source != 0 ? std::optional<st2110::Ipv4Address>{st2110::Ipv4Address{source}} : std::nullopt, membership);
  }
}

PortGroups IgmpMembership::groups_of_port(std::uint16_t port) const {
  PortGroups groups;
  std::set<std::uint32_t> any_source;
  for (const auto& [key, count] : memberships_) {
    const auto [p, group, source] = key;
    if (p != port || count == 0) continue;
    auto& sources = groups[group];
    if (source == 0) {
      any_source.insert(group);
    } else {
      sources.push_back(st2110::Ipv4Address{source});
    }
  }
  for (const std::uint32_t group : any_source) groups[group].clear();  // any source covers every source
  return groups;
}

// Sends the current-state answer to a query: IGMPv3 reports of as many records as fit in a frame, or
// one IGMPv2 report per group to an IGMPv1/v2 querier.
void IgmpMembership::send_answer(const IgmpResponder::Response& response) {
  if (ports_ == nullptr || response.port >= ports_->size()) return;
  const std::vector<GroupRecord> records = answer(response, groups_of_port(response.port));
  const OpenPort& port = (*ports_)[response.port];
  if (response.version < 3) {
    for (const GroupRecord& record : records) {
      send_frame(response.port, kIgmpv2ReportFrameLength, [&](st2110::MutableBytes out) {
        return write_igmpv2_report(out, port.mac, port.ipv4, record.group);
      });
    }
    return;
  }
  std::size_t first = 0;
  while (first < records.size()) {
    std::size_t last = first + 1;
    while (last < records.size() &&
           igmpv3_report_frame_length(std::span(records).subspan(first, last + 1 - first)) <= kMaxControlFrame) {
      ++last;
    }
    const auto chunk = std::span(records).subspan(first, last - first);
    send_frame(response.port, igmpv3_report_frame_length(chunk), [&](st2110::MutableBytes out) {
      return write_igmpv3_report(out, port.mac, port.ipv4, chunk);
    });
    first = last;
  }
}

void IgmpMembership::answer_queries(std::mutex& mutex) {
  while (!query_stop_.load()) {
    std::this_thread::sleep_for(kQueryPollInterval);
    const Nanoseconds now = monotonic_raw_now();
    for (rte_ring* ring : query_rings_) {
      take_frames(ring, [&](std::uint16_t port, st2110::Bytes frame) {
        if (const auto query = parse_igmp_query_frame(frame)) responder_.heard(port, *query, now);
      });
    }
    if (responder_.pending() == 0) continue;
    const std::unique_lock lock(mutex, std::try_to_lock);
    if (!lock.owns_lock()) continue;
    for (const IgmpResponder::Response& response : responder_.take_due(now)) send_answer(response);
  }
}

void IgmpMembership::start(const std::vector<OpenPort>& ports, rte_mempool* pool,
                           const std::vector<rte_ring*>& control_rings, const std::vector<rte_ring*>& query_rings,
                           std::mutex& mutex) {
  ports_ = &ports;
  pool_ = pool;
  control_rings_ = control_rings;
  query_rings_ = query_rings;
  query_stop_.store(false);
  query_thread_ = std::thread([this, &mutex] { answer_queries(mutex); });
}

void IgmpMembership::stop_answering() {
  query_stop_.store(true);
  if (query_thread_.joinable()) query_thread_.join();
}

void IgmpMembership::stop() {
  stop_answering();
  ports_ = nullptr;
  pool_ = nullptr;
  control_rings_.clear();
  query_rings_.clear();
}

}  // namespace crosspoint::engine
