// The ST 2022-7 pair comparison taken packet by packet in capture order: leg B 2 ms behind leg A, losses on
// each leg and on both, a reordered packet, legs whose sequence extensions start in different cycles, and a
// stream longer than the comparison's window.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "dup_pair_comparison.hpp"

using namespace crosspoint::cap;
using crosspoint::Nanoseconds;
using crosspoint::st2110::Ipv4Address;

namespace {

struct LegPacketAt {
  std::size_t leg;
  std::uint64_t sequence;
  Nanoseconds arrival_ns;
};

// `count` packets from sequence `a_first` on A (B numbers them from `b_first`), one every 10 us, B `skew_ns`
// later; `lost_a`, `lost_b`: offsets each leg lost. In capture order.
std::vector<LegPacketAt> two_legs(std::uint64_t count, std::uint64_t a_first, std::uint64_t b_first,
                                  Nanoseconds skew_ns, const std::set<std::uint64_t>& lost_a,
                                  const std::set<std::uint64_t>& lost_b) {
  std::vector<LegPacketAt> packets;
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto sent = static_cast<Nanoseconds>(1'000'000'000 + i * 10'000);
    if (lost_a.count(i) == 0) packets.push_back({0, a_first + i, sent});
    if (lost_b.count(i) == 0) packets.push_back({1, b_first + i, sent + skew_ns});
  }
  std::stable_sort(packets.begin(), packets.end(),
                   [](const LegPacketAt& x, const LegPacketAt& y) { return x.arrival_ns < y.arrival_ns; });
  return packets;
}

DupPairReport compare(const std::vector<LegPacketAt>& packets, std::uint64_t a_first, std::uint64_t b_first) {
  const FlowKey a{Ipv4Address{0xEF640001}, 5004, 7};
  const FlowKey b{Ipv4Address{0xEF650001}, 5004, 7};
  DupPairComparison pair(a, a_first, b, b_first, false);
  for (const LegPacketAt& packet : packets) pair.add(packet.leg, packet.sequence, packet.arrival_ns);
  return pair.finish(1'000'000'000);
}

}  // namespace

TEST_CASE("a 2022-7 pair with leg B 2 ms late: skew, losses per leg, recovered and lost on both", "[dup]") {
  // A loses 20 and 21, B loses 10, both lose 30; the skew makes B's packets interleave A's 200 later ones.
  const auto packets = two_legs(1000, 70000, 70000, 2'000'000, {20, 21, 30}, {10, 30});
  const DupPairReport report = compare(packets, 70000, 70000);
  CHECK(report.sequence_range == 1000);
  CHECK(report.merged_packets == 999);
  CHECK(report.lost_on_both == 1);
  CHECK(report.recovered == 3);
  REQUIRE(report.legs.size() == 2);
  CHECK(report.legs[0].packets == 997);
  CHECK(report.legs[0].missing == 3);
  CHECK(report.legs[1].packets == 998);
  CHECK(report.legs[1].missing == 2);
  CHECK(report.skew_ns.count == 996);
  CHECK(report.skew_ns.min == 2'000'000);
  CHECK(report.skew_ns.max == 2'000'000);
  CHECK(report.max_skew_ns == 2'000'000);
  CHECK_FALSE(report.losses[0].values.empty());  // A's losses over time
  CHECK_FALSE(report.losses[1].values.empty());
}

TEST_CASE("a 2022-7 pair: B ahead, a packet reordered, extensions in different cycles", "[dup]") {
  // B's numbers start one 2^16 cycle below A's: the same packets all the same.
  auto packets = two_legs(500, 3 * 65536 + 65530, 2 * 65536 + 65530, -500'000, {100}, {});
  // One of A's packets comes 40 packets late.
  const auto late = std::find_if(packets.begin(), packets.end(),
                                 [](const LegPacketAt& p) { return p.leg == 0 && p.sequence == 3 * 65536 + 65530 + 200; });
  REQUIRE(late != packets.end());
  const LegPacketAt moved{late->leg, late->sequence, late->arrival_ns + 400'000};
  packets.erase(late);
  packets.insert(std::upper_bound(packets.begin(), packets.end(), moved,
                                  [](const LegPacketAt& x, const LegPacketAt& y) { return x.arrival_ns < y.arrival_ns; }),
                 moved);
  const DupPairReport report = compare(packets, 3 * 65536 + 65530, 2 * 65536 + 65530);
  CHECK(report.sequence_range == 500);
  CHECK(report.merged_packets == 500);
  CHECK(report.lost_on_both == 0);
  CHECK(report.recovered == 1);
  CHECK(report.legs[0].missing == 1);
  CHECK(report.legs[1].missing == 0);
  CHECK(report.skew_ns.min == -900'000);  // the late packet: B had it 0.9 ms before A
  CHECK(report.skew_ns.max == -500'000);
  CHECK(report.max_skew_ns == 900'000);
}

TEST_CASE("a 2022-7 pair longer than the comparison window counts every loss", "[dup]") {
  std::set<std::uint64_t> lost_a;
  std::set<std::uint64_t> lost_b;
  for (std::uint64_t i = 5; i < 400'000; i += 1000) lost_a.insert(i);
  for (std::uint64_t i = 505; i < 400'000; i += 1000) lost_b.insert(i);
  for (std::uint64_t i = 250'000; i < 400'000; i += 50'000) {
    lost_a.insert(i + 7);  // lost on both
    lost_b.insert(i + 7);
  }
  const DupPairReport report = compare(two_legs(400'000, 1000, 1000, 30'000, lost_a, lost_b), 1000, 1000);
  CHECK(report.sequence_range == 400'000);
  CHECK(report.lost_on_both == 3);
  CHECK(report.merged_packets == 400'000 - 3);
  CHECK(report.recovered == 800);
  CHECK(report.legs[0].missing == 403);
  CHECK(report.legs[1].missing == 403);
}
