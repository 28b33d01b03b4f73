// The pace queue's sizing rule (pace_queue_depth.hpp) on the formats of ../shared/ST2110-NUMBERS.md and the
// engine_pacing_ffmpeg test's 720p50 10-bit (2160 packets a frame), and the queue moving between slots.
#include <catch2/catch.hpp>

#include <vector>

#include "crosspoint/engine/limits.hpp"
#include "hold_time_histogram.hpp"
#include "pace_queue.hpp"
#include "pace_queue_depth.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using st2110::MediaType;

namespace {

OutputPacing video(Rational rate, std::uint32_t height, std::uint32_t packets, std::uint32_t delay_us = 1000) {
  OutputPacing pacing;
  pacing.mode = PacingMode::kNarrow;
  pacing.frame_rate = rate;
  pacing.height = height;
  pacing.packets_per_frame = packets;
  pacing.delay_us = delay_us;
  return pacing;
}

constexpr Rational k5994{60000, 1001};
constexpr Rational k50{50, 1};

}  // namespace

TEST_CASE("a paced video output's queue holds two frames and its read offset's packets, with a burst to spare") {
  // 720p50: TROFF = 747 + 1000 us of a 20 ms frame: 2160 x 2.0874 + 64 = 4573 -> 8192. 2048 overran, and
  // engine_pacing_ffmpeg's source, catching up after a stall, filled 3873 of 4096.
  CHECK(pace_queue_depth(video(k50, 720, 2160), MediaType::kVideo, 1) == 8192);
  // 1080p59.94: 4320 x (2 x 16683 + 1638) / 16683 + 64 = 9129 -> 16 384.
  CHECK(pace_queue_depth(video(k5994, 1080, 4320), MediaType::kVideo, 1) == 16384);
  // 2160p59.94: 17 280 a frame -> 65 536.
  CHECK(pace_queue_depth(video(k5994, 2160, 17280), MediaType::kVideo, 1) == 65536);
  // 4320p59.94: 69 120 a frame -> 2^18, the cap, on one leg as on two.
  CHECK(pace_queue_depth(video(k5994, 4320, 69120), MediaType::kVideo, 1) == kMaxPaceQueueDepth);
  CHECK(pace_queue_depth(video(k5994, 4320, 69120), MediaType::kVideo, 2) == kMaxPaceQueueDepth);
}

TEST_CASE("every leg's packet takes a slot, and a longer delay holds more") {
  const std::uint32_t one = pace_queue_depth(video(k5994, 1080, 4320), MediaType::kVideo, 1);
  CHECK(pace_queue_depth(video(k5994, 1080, 4320), MediaType::kVideo, 2) == 2 * one);
  // 100 ms of delay at 1080p59.94: 4320 x (33.4 + 100.6) / 16.7 = 34 700 -> 65 536.
  CHECK(pace_queue_depth(video(k5994, 1080, 4320, 100'000), MediaType::kVideo, 1) == 65536);
}

TEST_CASE("the queue's depth is always a power of two within its limits") {
  for (const std::uint32_t packets : {1U, 100U, 2160U, 4115U, 4320U, 16458U, 65829U, 69120U, 300000U}) {
    for (const std::size_t legs : {std::size_t{1}, std::size_t{2}}) {
      const std::uint32_t depth = pace_queue_depth(video(k5994, 1080, packets), MediaType::kVideo, legs);
      CHECK((depth & (depth - 1)) == 0);
      CHECK(depth >= kMinPaceQueueDepth);
      CHECK(depth <= kMaxPaceQueueDepth);
      if (packets * legs < kMaxPaceQueueDepth / 2) CHECK(depth >= packets * legs);
    }
  }
}

TEST_CASE("audio and ancillary hold their delay's packets at 8000 a second; passthrough holds nothing") {
  OutputPacing audio;
  audio.mode = PacingMode::kNarrow;
  audio.clock_rate = 48000;
  CHECK(pace_queue_depth(audio, MediaType::kAudio, 1) == kMinPaceQueueDepth);  // 16 + 64
  audio.delay_us = 100'000;                                                     // 808 + 64, 2 legs 1744
  CHECK(pace_queue_depth(audio, MediaType::kAncillary, 2) == 2048);
  audio.delay_us = 20'000'000;  // beyond the engine's limit (100 ms), to see the rule: 160 008 + 64
  CHECK(pace_queue_depth(audio, MediaType::kAudio, 1) == kMaxPaceQueueDepth);
  OutputPacing passthrough = video(k5994, 1080, 4320);
  passthrough.mode = PacingMode::kPassthrough;
  CHECK(pace_queue_depth(passthrough, MediaType::kVideo, 1) == 0);
}

TEST_CASE("video whose packets per frame are not known gets the largest queue") {
  CHECK(pace_queue_depth(video(k5994, 1080, 0), MediaType::kVideo, 1) == kMaxPaceQueueDepth);
}

TEST_CASE("held packets move to new slots in order; those that do not fit leave oldest first") {
  std::vector<rte_mbuf> mbufs(6);
  PaceSlots large(8);
  PaceSlots small(4);
  PaceQueue queue;
  CHECK(queue.full());  // no slots yet: nothing can be held
  queue.adopt(&large, [](rte_mbuf*) { FAIL("nothing held"); });
  REQUIRE(queue.capacity() == 8);
  for (std::size_t i = 0; i < mbufs.size(); ++i) queue.push(&mbufs[i], 100 + i, i);
  std::vector<rte_mbuf*> overflowed;
  queue.adopt(&small, [&](rte_mbuf* m) { overflowed.push_back(m); });
  CHECK(overflowed == std::vector<rte_mbuf*>{&mbufs[0], &mbufs[1]});
  REQUIRE(queue.size() == 4);
  CHECK(queue.full());
  for (std::size_t i = 2; i < mbufs.size(); ++i, queue.pop()) {
    CHECK(queue.front().m == &mbufs[i]);
    CHECK(queue.front().due_tsc == 100 + i);
  }
  CHECK(queue.empty());
}

TEST_CASE("the hold-time histogram gives percentiles to within 1/16") {
  HoldTimeHistogram histogram;
  CHECK(histogram.quantile_cycles(0.5) == 0);
  for (std::uint64_t v = 1; v <= 1000; ++v) histogram.add(v * 1000);  // 1 000 .. 1 000 000 cycles
  CHECK(histogram.count() == 1000);
  CHECK(histogram.quantile_cycles(0.5) == Approx(500'000).epsilon(1.0 / 16));
  CHECK(histogram.quantile_cycles(0.99) == Approx(990'000).epsilon(1.0 / 16));
  for (std::uint64_t v : {0ULL, 7ULL, 8ULL, 15ULL, 16ULL, 1000ULL, 123456789ULL}) {
    const std::size_t i = HoldTimeHistogram::index_of(v);
    CHECK(HoldTimeHistogram::lower_bound(i) <= v);
    CHECK(HoldTimeHistogram::lower_bound(i + 1) > v);
  }
  histogram.add(~std::uint64_t{0});  // beyond the range: the last bucket
  CHECK(histogram.count() == 1001);
}
