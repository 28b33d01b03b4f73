// The skew-equalising playout buffer alone: packets stand for themselves (fake mbuf pointers are never
// dereferenced), time is a TSC the test advances.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "playout_buffer.hpp"

using namespace crosspoint::engine;

namespace {

constexpr std::uint64_t kWait = 1000;  // max_skew, in TSC cycles

rte_mbuf* fake_mbuf(std::uint32_t sequence) { return reinterpret_cast<rte_mbuf*>((std::uintptr_t{sequence} + 1) * 64); }
std::uint32_t sequence_of(rte_mbuf* m) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(m) / 64 - 1); }

// A buffer and what it released, in order.
struct Rig {
  explicit Rig(unsigned bits = 16, std::uint32_t capacity = 256, std::uint64_t wait = kWait) : buffer(capacity, bits) {
    buffer.restart(wait);
  }
  PlayoutBuffer buffer;
  std::vector<std::uint32_t> released;

  PlayoutVerdict arrive(std::uint32_t sequence, std::uint64_t now) {
    Classified p{};
    p.sequence = sequence;
    return buffer.accept(fake_mbuf(sequence), p, now, [&](rte_mbuf* m, const Classified& packet) {
      REQUIRE(sequence_of(m) == packet.sequence);
      released.push_back(packet.sequence);
    });
  }
  std::uint64_t tick(std::uint64_t now) {
    return buffer.release_due(now, [&](rte_mbuf*, const Classified& packet) { released.push_back(packet.sequence); });
  }
};

}  // namespace

TEST_CASE("packets in order leave at once and wait nothing") {
  Rig rig;
  for (std::uint32_t s = 100; s < 110; ++s) CHECK(rig.arrive(s, s) == PlayoutVerdict::kTaken);
  CHECK(rig.released == std::vector<std::uint32_t>{100, 101, 102, 103, 104, 105, 106, 107, 108, 109});
  CHECK_FALSE(rig.buffer.holding());
  CHECK(rig.buffer.counters().wait_max_cycles.read() == 0);
  CHECK(rig.tick(5000) == PlayoutBuffer::kNothingDue);
}

TEST_CASE("a packet the faster leg lost is filled from the slower one in place, and its copies are duplicates") {
  Rig rig;
  for (const std::uint32_t s : {1, 2, 4, 5}) rig.arrive(s, 10);  // the fast leg lost 3
  CHECK(rig.released == std::vector<std::uint32_t>{1, 2});
  CHECK(rig.buffer.counters().depth.read() == 2);
  CHECK(rig.arrive(1, 300) == PlayoutVerdict::kDuplicate);  // the slow leg, 290 cycles behind
  CHECK(rig.arrive(2, 300) == PlayoutVerdict::kDuplicate);
  CHECK(rig.tick(300) == 10 + kWait);  // 4 waits until its max_skew is up
  CHECK(rig.arrive(3, 300) == PlayoutVerdict::kTaken);
  CHECK(rig.released == std::vector<std::uint32_t>{1, 2, 3, 4, 5});
  CHECK(rig.arrive(4, 301) == PlayoutVerdict::kDuplicate);
  CHECK(rig.arrive(5, 301) == PlayoutVerdict::kDuplicate);
  CHECK(rig.buffer.counters().late_filled.read() == 1);
  CHECK(rig.buffer.counters().lost.read() == 0);
  CHECK(rig.buffer.counters().depth.read() == 0);
  CHECK(rig.buffer.counters().depth_max.read() == 2);
  CHECK(rig.buffer.counters().wait_max_cycles.read() == 290);  // the added latency is the skew
}

TEST_CASE("a hole no leg fills is given up after max_skew, counted lost, and a later copy is too late") {
  Rig rig;
  rig.arrive(1, 0);
  rig.arrive(3, 100);
  rig.arrive(4, 150);
  CHECK(rig.tick(100 + kWait - 1) == 100 + kWait);
  CHECK(rig.released == std::vector<std::uint32_t>{1});
  CHECK(rig.tick(100 + kWait) == PlayoutBuffer::kNothingDue);
  CHECK(rig.released == std::vector<std::uint32_t>{1, 3, 4});
  CHECK(rig.buffer.counters().lost.read() == 1);
  CHECK(rig.buffer.counters().gaps.read() == 1);
  CHECK(rig.buffer.counters().released_after_timeout.read() == 1);
  CHECK(rig.buffer.counters().wait_max_cycles.read() == kWait);
  CHECK(rig.arrive(2, 2000) == PlayoutVerdict::kTooLate);
  CHECK(rig.arrive(5, 2000) == PlayoutVerdict::kTaken);
  CHECK(rig.released.back() == 5);
}

TEST_CASE("the earliest arrival sets the deadline, even when a lower number came after it") {
  Rig rig;
  rig.arrive(10, 0);
  rig.arrive(13, 100);  // 11 and 12 lost on the fast leg
  rig.arrive(12, 600);  // the slow leg brings 12 (11 lost there too)
  CHECK(rig.tick(100 + kWait - 1) == 100 + kWait);
  rig.tick(100 + kWait);
  CHECK(rig.released == std::vector<std::uint32_t>{10, 12, 13});
  CHECK(rig.buffer.counters().lost.read() == 1);
  CHECK(rig.buffer.counters().late_filled.read() == 1);
}

TEST_CASE("a burst of losses on both legs is one gap of many packets") {
  Rig rig;
  rig.arrive(0, 0);
  for (std::uint32_t s = 21; s < 30; ++s) rig.arrive(s, 10);
  rig.tick(10 + kWait);
  CHECK(rig.released.size() == 10);
  CHECK(rig.buffer.counters().lost.read() == 20);
  CHECK(rig.buffer.counters().gaps.read() == 1);
}

TEST_CASE("sequence numbers wrap: RTP's 16 bits and RFC 4175's extended 32") {
  Rig audio(16);
  audio.arrive(65534, 0);
  audio.arrive(0, 1);  // 65535 lost on the fast leg
  audio.arrive(1, 2);
  audio.arrive(65535, 50);
  CHECK(audio.released == std::vector<std::uint32_t>{65534, 65535, 0, 1});
  Rig video(32);
  video.arrive(0xfffffffeU, 0);
  video.arrive(0, 1);
  video.arrive(0xffffffffU, 50);
  CHECK(video.released == std::vector<std::uint32_t>{0xfffffffeU, 0xffffffffU, 0});
}

TEST_CASE("a jump beyond the window lets what waits go and starts from the new number") {
  Rig rig(32, 64);
  rig.arrive(1, 0);
  rig.arrive(3, 1);
  rig.arrive(1000, 2);
  CHECK(rig.released == std::vector<std::uint32_t>{1, 3, 1000});
  CHECK(rig.buffer.counters().lost.read() == 997);
  CHECK_FALSE(rig.buffer.holding());
}

TEST_CASE("a sender that starts again far behind is followed after a few packets") {
  Rig rig(16, 64);
  for (std::uint32_t s = 5000; s < 5010; ++s) rig.arrive(s, s);
  for (std::uint32_t i = 0; i + 1 < PlayoutBuffer::kRestartAfterTooOld; ++i) CHECK(rig.arrive(i, 6000) == PlayoutVerdict::kTooLate);
  CHECK(rig.arrive(100, 6001) == PlayoutVerdict::kTaken);
  CHECK(rig.arrive(101, 6002) == PlayoutVerdict::kTaken);
  CHECK(rig.released.back() == 101);
}

TEST_CASE("clearing hands every held packet back, and a restarted buffer takes a new flow") {
  Rig rig;
  rig.arrive(1, 0);
  for (std::uint32_t s = 3; s < 8; ++s) rig.arrive(s, 1);
  std::set<std::uint32_t> freed;
  rig.buffer.clear([&](rte_mbuf* m) { freed.insert(sequence_of(m)); });
  CHECK(freed == std::set<std::uint32_t>{3, 4, 5, 6, 7});
  CHECK_FALSE(rig.buffer.holding());
  rig.buffer.restart(kWait);
  rig.released.clear();
  // The same numbers again are a new flow, not duplicates of the old one.
  for (std::uint32_t s = 1; s < 4; ++s) CHECK(rig.arrive(s, 10) == PlayoutVerdict::kTaken);
  CHECK(rig.released == std::vector<std::uint32_t>{1, 2, 3});
}

TEST_CASE("two legs offset by 0, 10 us, 1 ms and 50 ms with losses on either, both and in bursts merge complete and "
          "in order") {
  // 1 cycle = 1 ns; a packet every 4 us on each leg (a 1080p-like rate would only make the test longer).
  constexpr std::uint64_t kPeriod = 4'000;
  constexpr std::uint32_t kPackets = 60'000;
  for (const std::uint64_t skew : {0ULL, 10'000ULL, 1'000'000ULL, 50'000'000ULL}) {
    CAPTURE(skew);
    const std::uint64_t wait = skew + 200'000;  // max_skew: the skew and a margin
    Rig rig(32, PlayoutBuffer::capacity_for(wait / kPeriod), wait);
    std::mt19937 random(static_cast<unsigned>(skew));
    std::set<std::uint32_t> lost_on[2];
    for (std::uint32_t s = 0; s < kPackets; ++s) {
      for (int leg = 0; leg < 2; ++leg) {
        if (random() % 100 == 0) lost_on[leg].insert(s);
      }
      if (s % 5000 == 0) {  // a burst of 40 on one leg, then on the other
        for (std::uint32_t b = 0; b < 40; ++b) lost_on[(s / 5000) % 2].insert(s + 1 + b);
      }
    }
    // Arrivals in time order: leg A at s * period, leg B `skew` later.
    std::multimap<std::uint64_t, std::uint32_t> arrivals;
    for (std::uint32_t s = 1; s < kPackets; ++s) {  // packet 0 on both legs starts the flow
      if (lost_on[0].count(s) == 0) arrivals.emplace(s * kPeriod, s);
      if (lost_on[1].count(s) == 0) arrivals.emplace(s * kPeriod + skew, s);
    }
    rig.arrive(0, 0);
    std::uint64_t duplicates = 0;
    for (const auto& [at, s] : arrivals) {
      rig.tick(at);
      if (rig.arrive(s, at) == PlayoutVerdict::kDuplicate) ++duplicates;
    }
    rig.tick(~std::uint64_t{0} / 2);
    std::uint64_t on_both = 0;
    for (const std::uint32_t s : lost_on[0]) on_both += lost_on[1].count(s);
    // Complete where either leg carried the packet, in order.
    std::vector<std::uint32_t> expected;
    for (std::uint32_t s = 0; s < kPackets; ++s) {
      if (lost_on[0].count(s) == 0 || lost_on[1].count(s) == 0) expected.push_back(s);
    }
    CHECK(rig.released == expected);
    CHECK(rig.buffer.counters().lost.read() == on_both);
    CHECK(duplicates == arrivals.size() - (expected.size() - 1));
    CHECK(rig.buffer.counters().wait_max_cycles.read() <= wait + kPeriod);  // released at the first tick after its time
    if (skew == 50'000'000ULL) CHECK(rig.buffer.counters().wait_max_cycles.read() >= skew);  // a hole waited the skew
  }
}
