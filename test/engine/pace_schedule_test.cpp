// The pace stage's schedule against the ST 2110-21 figures of ../shared/ST2110-NUMBERS.md: 1080p59.94 with
// N = 4320 has TRS 3707.41 ns gapped and 3861.88 ns linear, TRO_DEFAULT 637.67 us.
#include <catch2/catch.hpp>

#include <cmath>

#include "crosspoint/st2110/media_clock.hpp"
#include "pace_schedule.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using st2110::MediaType;

namespace {

constexpr Rational k5994{60000, 1001};
// A frame well after the PTP epoch (2026), its epoch instant and RTP timestamp.
constexpr std::uint64_t kFrame = 106'000'000'000;

OutputPacing video_1080p5994(PacingMode mode, std::uint32_t delay_us = 1000) {
  OutputPacing pacing;
  pacing.mode = mode;
  pacing.frame_rate = k5994;
  pacing.height = 1080;
  pacing.packets_per_frame = 4320;
  pacing.delay_us = delay_us;
  return pacing;
}

std::uint64_t epoch_ns(std::uint64_t frame) { return st2110::frame_epoch_instant(k5994, frame).to_nanos(); }
std::uint32_t rtp_of(std::uint64_t frame) { return st2110::rtp_timestamp_of_frame(k5994, frame, 90000); }

}  // namespace

TEST_CASE("a paced 1080p59.94 output keeps TRO_DEFAULT plus its delay, rounded up to whole microseconds") {
  CHECK(paced_read_offset_us(video_1080p5994(PacingMode::kNarrow, 1000)) == 638U + 1000U);
  CHECK(paced_read_offset_us(video_1080p5994(PacingMode::kNarrow, 0)) == 638U);
  CHECK(!paced_read_offset_us(video_1080p5994(PacingMode::kPassthrough)));
}

TEST_CASE("narrow: packet j of a frame is due at its epoch + read offset + (j - 1/2) TRS, gapped") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kNarrow), MediaType::kVideo);
  REQUIRE(schedule.paced());
  CHECK(schedule.trs_ns() == Approx(3707.41).margin(0.01));
  const std::uint64_t epoch = epoch_ns(kFrame);
  const std::uint64_t now = epoch + 700'000;  // the input's first packet arrives after its own TRO
  const double start = static_cast<double>(epoch) + 1'638'000.0;
  for (std::uint32_t j = 0; j < 4320; ++j) {
    const auto due = static_cast<double>(schedule.due_ns(rtp_of(kFrame), j == 4319, now));
    REQUIRE(due == Approx(start + (j - 0.5) * 3707.41).margin(1.0 + j * 0.01));
  }
  // The next frame starts its own schedule one frame period later.
  const auto next = static_cast<double>(schedule.due_ns(rtp_of(kFrame + 1), false, now + 16'683'333));
  CHECK(next == Approx(static_cast<double>(epoch_ns(kFrame + 1)) + 1'638'000.0 - 3707.41 / 2).margin(1.0));
  CHECK(schedule.unaligned() == 0);
}

TEST_CASE("narrow linear spreads the frame over the whole period: TRS 3861.88 ns") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kNarrowLinear), MediaType::kVideo);
  CHECK(schedule.trs_ns() == Approx(3861.88).margin(0.01));
}

TEST_CASE("wide releases the schedule in groups of 8 packets") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kWide), MediaType::kVideo);
  const std::uint64_t now = epoch_ns(kFrame) + 700'000;
  std::uint64_t due[16];
  for (auto& d : due) d = schedule.due_ns(rtp_of(kFrame), false, now);
  CHECK(due[0] == due[7]);
  CHECK(due[8] > due[7]);
  CHECK(static_cast<double>(due[8] - due[0]) == Approx(8 * 3707.41).margin(1.0));
}

TEST_CASE("N follows the last complete frame: a route onto a flow packed otherwise changes TRS") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kNarrow), MediaType::kVideo);
  const std::uint64_t now = epoch_ns(kFrame) + 700'000;
  for (std::uint64_t f = 0; f < 2; ++f) {  // BPM 1260 B: two complete frames
    for (std::uint32_t j = 0; j < 4115; ++j) schedule.due_ns(rtp_of(kFrame + f), j == 4114, now + f * 16'683'333);
  }
  CHECK(schedule.packets_per_frame() == 4320);  // one frame is not enough
  schedule.due_ns(rtp_of(kFrame + 2), false, now + 2 * 16'683'333);
  CHECK(schedule.packets_per_frame() == 4115);
  CHECK(schedule.trs_ns() == Approx(3892.10).margin(0.01));
}

TEST_CASE("timestamps far from PTP time are paced on the next read schedule, the shift kept and counted") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kNarrow), MediaType::kVideo);
  const std::uint64_t now = epoch_ns(kFrame) + 5'000'000;
  // A source whose clock is an hour off.
  const std::uint32_t far = rtp_of(kFrame) + 90000U * 3600U;
  const std::uint64_t first = schedule.due_ns(far, false, now);
  CHECK(first >= now);
  CHECK(first == Approx(static_cast<double>(epoch_ns(kFrame + 1)) + 1'638'000.0 - 3707.41 / 2).margin(1.0));
  CHECK(schedule.unaligned() == 1);
  // Its next frame follows one frame later, without another shift.
  const std::uint64_t second = schedule.due_ns(far + 1501, false, now + 16'683'333);
  CHECK(static_cast<double>(second - first) == Approx(16'683'333.3).margin(2.0));
  CHECK(schedule.unaligned() == 1);
}

TEST_CASE("a frame that arrives late keeps its schedule: its packets are due at once") {
  PaceSchedule schedule(video_1080p5994(PacingMode::kNarrow), MediaType::kVideo);
  const std::uint64_t now = epoch_ns(kFrame) + 3 * 16'683'333;  // three frames late
  CHECK(schedule.due_ns(rtp_of(kFrame), false, now) < now);
  CHECK(schedule.unaligned() == 0);
}

TEST_CASE("audio is due at its RTP time plus the delay") {
  OutputPacing pacing;
  pacing.mode = PacingMode::kNarrow;
  pacing.clock_rate = 48000;
  pacing.delay_us = 500;
  PaceSchedule schedule(pacing, MediaType::kAudio);
  const PtpTime at{1'770'000'000, 0};
  const std::uint32_t ts = st2110::rtp_timestamp_at(at, 48000);
  const std::uint64_t now = at.to_nanos() + 1'200'000;
  CHECK(static_cast<double>(schedule.due_ns(ts, false, now)) == Approx(static_cast<double>(at.to_nanos() + 500'000)).margin(21));
  CHECK(static_cast<double>(schedule.due_ns(ts + 48, false, now)) ==
        Approx(static_cast<double>(at.to_nanos() + 1'500'000)).margin(21));
  CHECK(schedule.unaligned() == 0);
}

TEST_CASE("the pace stage may release half the class's CMAX back to back, at least 2 (wide: its group of 8)") {
  // 1080p59.94 N = 4320: CMAX narrow 6, wide 16.
  CHECK(PaceSchedule(video_1080p5994(PacingMode::kNarrow), MediaType::kVideo).burst() == 3);
  CHECK(PaceSchedule(video_1080p5994(PacingMode::kWide), MediaType::kVideo).burst() == 8);
  // 4320p59.94 N = 69 120: CMAX narrow 99, so a worker's turn of a few microseconds (20 packets' TRS) can
  // release what fell due in it.
  OutputPacing uhd = video_1080p5994(PacingMode::kNarrow);
  uhd.height = 4320;
  uhd.packets_per_frame = 69120;
  CHECK(PaceSchedule(uhd, MediaType::kVideo).burst() == 49);
  // N not known yet: 2.
  OutputPacing unknown = video_1080p5994(PacingMode::kNarrow);
  unknown.packets_per_frame = 0;
  CHECK(PaceSchedule(unknown, MediaType::kVideo).burst() == 2);
}
