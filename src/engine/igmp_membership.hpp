// The multicast groups the engine's ports listen to: joined (IGMPv3) when an input that needs them is added,
// left when the last such input goes, sent again on every start, and reported in answer to the queries the
// workers hear. Frames go out through each port's worker (its control ring); a frame that cannot be queued
// (the ring or the packet pool is full) is counted per port, never lost quietly.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <tuple>
#include <vector>

#include <rte_mempool.h>
#include <rte_ring.h>

#include "engine_records.hpp"
#include "igmp_query.hpp"
#include "igmp_report.hpp"
#include "port.hpp"

namespace crosspoint::engine {

class IgmpMembership {
 public:
  explicit IgmpMembership(std::size_t port_count) : unsent_(port_count, 0) {}
  ~IgmpMembership() { stop_answering(); }
  IgmpMembership(const IgmpMembership&) = delete;
  IgmpMembership& operator=(const IgmpMembership&) = delete;

  // Joins (or leaves) the groups of an input's multicast legs; groups several inputs share are reference
  // counted, so only the first join and the last leave are sent.
  void update(const InputRecord& record, Membership membership);
  // Sends a join (or leave) for every group held: after start, before stop.
  void resend_all(Membership membership);

  // While running: frames are written into `pool` mbufs and queued on `control_rings[worker of the port]`;
  // queries the workers put on `query_rings` are answered by a thread that sends only while it holds
  // `mutex` (it try-locks, so stop() may join it holding the lock).
  void start(const std::vector<OpenPort>& ports, rte_mempool* pool, const std::vector<rte_ring*>& control_rings,
             const std::vector<rte_ring*>& query_rings, std::mutex& mutex);
  // Joins the answering thread; sends nothing after.
  void stop_answering();
  void stop();

  // Reports (joins, leaves, answers) that could not be queued on engine port `port`.
  [[nodiscard]] std::uint64_t unsent(std::uint16_t port) const { return port < unsent_.size() ? unsent_[port] : 0; }

 private:
  // (port index, group, source) -> how many input legs want it.
  using Key = std::tuple<std::uint16_t, std::uint32_t, std::uint32_t>;

  template <typename Write>
  void send_frame(std::uint16_t port, std::size_t capacity, Write&& write);
  void send_report(std::uint16_t port, st2110::Ipv4Address group, std::optional<st2110::Ipv4Address> source,
                   Membership membership);
  [[nodiscard]] PortGroups groups_of_port(std::uint16_t port) const;
  void send_answer(const IgmpResponder::Response& response);
  void answer_queries(std::mutex& mutex);

  std::map<Key, unsigned> memberships_;
  std::vector<std::uint64_t> unsent_;
  // Set between start() and stop().
  const std::vector<OpenPort>* ports_ = nullptr;
  rte_mempool* pool_ = nullptr;
  std::vector<rte_ring*> control_rings_;
  std::vector<rte_ring*> query_rings_;
  IgmpResponder responder_{std::random_device{}()};  // unlike seeds: boxes on one LAN answer at unlike times
  std::thread query_thread_;
  std::atomic<bool> query_stop_{false};
};

}  // namespace crosspoint::engine
