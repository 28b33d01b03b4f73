#include <catch2/catch.hpp>

#include "crosspoint/st2110/media_clock.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;

TEST_CASE("RTP timestamps are floor(TAI seconds x rate) modulo 2^32") {
  CHECK(rtp_timestamp_at(PtpTime{0, 0}, kVideoClockRate) == 0);
  CHECK(rtp_timestamp_at(PtpTime{1, 0}, kVideoClockRate) == 90000);
  CHECK(rtp_timestamp_at(PtpTime{0, 11'111}, kVideoClockRate) == 0);   // 0.99999 ticks
  CHECK(rtp_timestamp_at(PtpTime{0, 11'112}, kVideoClockRate) == 1);   // 1.00008 ticks
  // Values computed independently with arbitrary-precision integers.
  CHECK(rtp_timestamp_at(PtpTime{1'700'000'037, 500'000'000}, kVideoClockRate) == 383'389'592U);
  CHECK(rtp_timestamp_at(PtpTime{1'700'000'037, 500'000'000}, 48'000) == 4'213'110'592U);
  CHECK(rtp_timestamp_at(PtpTime{1'700'000'037, 500'000'000}, 44'100) == 1'347'502'070U);
  // The 90 kHz clock wraps every 2^32 / 90000 = 47721.858844 s.
  CHECK(rtp_timestamp_at(PtpTime{47'721, 858'844'000}, kVideoClockRate) == 4'294'967'295U);
  CHECK(rtp_timestamp_at(PtpTime{47'721, 858'845'000}, kVideoClockRate) == 0);
  // The largest 48-bit PTP second does not overflow the arithmetic.
  const PtpTime far{(1ULL << 48) - 1, 999'999'999};
  CHECK(rtp_timestamp_at(far, 48'000) ==
        static_cast<RtpTimestamp>(((1ULL << 48) - 1) * 48'000ULL + 47'999ULL));
}

TEST_CASE("ticks after a timestamp take the nearest wrap") {
  const PtpTime t{1'700'000'037, 0};
  const RtpTimestamp now = rtp_timestamp_at(t, kVideoClockRate);
  CHECK(rtp_ticks_after(t, now, kVideoClockRate) == 0);
  CHECK(rtp_ticks_after(t, now - 59, kVideoClockRate) == 59);
  CHECK(rtp_ticks_after(t, now + 3, kVideoClockRate) == -3);
  CHECK(rtp_ticks_after(PtpTime{47'721, 858'845'000}, 4'294'967'290U, kVideoClockRate) == 6);
}

TEST_CASE("frame periods of every ST 2110 rate are exact, 1001 divisors included") {
  struct Case {
    Rational rate;
    Rational period_ns;
    Nanoseconds floor_ns;
  };
  const Case cases[] = {
      {{24000, 1001}, {125'125'000, 3}, 41'708'333}, {{24, 1}, {125'000'000, 3}, 41'666'666},
      {{25, 1}, {40'000'000, 1}, 40'000'000},        {{30000, 1001}, {100'100'000, 3}, 33'366'666},
      {{30, 1}, {100'000'000, 3}, 33'333'333},       {{48000, 1001}, {62'562'500, 3}, 20'854'166},
      {{48, 1}, {62'500'000, 3}, 20'833'333},        {{50, 1}, {20'000'000, 1}, 20'000'000},
      {{60000, 1001}, {50'050'000, 3}, 16'683'333},  {{60, 1}, {50'000'000, 3}, 16'666'666},
      {{100, 1}, {10'000'000, 1}, 10'000'000},       {{120000, 1001}, {25'025'000, 3}, 8'341'666},
      {{120, 1}, {25'000'000, 3}, 8'333'333},
  };
  STATIC_REQUIRE(std::size(cases) == kSt2110FrameRates.size());
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    INFO(cases[i].rate.to_string());
    CHECK(kSt2110FrameRates[i] == cases[i].rate);
    const Rational period = period_nanoseconds(cases[i].rate);
    CHECK(period.numerator == cases[i].period_ns.numerator);
    CHECK(period.denominator == cases[i].period_ns.denominator);
    CHECK(period_floor_ns(cases[i].rate) == cases[i].floor_ns);
    CHECK(period_seconds(cases[i].rate) == Rational{cases[i].rate.denominator, cases[i].rate.numerator});
  }
}

TEST_CASE("frame n starts at floor(n x period) from the PTP epoch") {
  const Rational p5994{60000, 1001};
  CHECK(frame_epoch_instant(p5994, 0) == PtpTime{0, 0});
  CHECK(frame_epoch_instant(p5994, 1) == PtpTime{0, 16'683'333});
  CHECK(frame_epoch_instant(p5994, 60) == PtpTime{1, 1'000'000});  // 60 frames = 1.001 s exactly
  CHECK(frame_epoch_instant(Rational{25, 1}, 25 * 1'700'000'000ULL) == PtpTime{1'700'000'000, 0});
  // Frame counts of today's TAI times (about 1e11 frames at 59.94) stay exact.
  const std::uint64_t frame = 60ULL * 1'700'000'000ULL;  // 1.7e9 x 1.001 s
  CHECK(frame_epoch_instant(p5994, frame) == PtpTime{1'701'700'000, 0});
}

TEST_CASE("the frame holding an instant and the next frame boundary") {
  const Rational p5994{60000, 1001};
  CHECK(frame_at(PtpTime{1, 1'000'000}, p5994) == 60);
  CHECK(frame_at(PtpTime{1, 999'999}, p5994) == 59);
  CHECK(next_frame_boundary(PtpTime{1, 1'000'000}, p5994) == PtpTime{1, 1'000'000});
  CHECK(next_frame_boundary(PtpTime{1, 1'000'001}, p5994) == PtpTime{1, 17'683'333});
  for (std::uint64_t n : {1ULL, 2ULL, 3ULL, 1'000'001ULL, 102'000'000'000ULL}) {
    const PtpTime start = frame_epoch_instant(p5994, n);
    CHECK(frame_at(start, p5994) == n);
    CHECK(frame_at(start.plus(-1), p5994) == n - 1);
    CHECK(next_frame_boundary(start.plus(-1), p5994) == start);
  }
}

TEST_CASE("RTP timestamps of frames step 1501 and 1502 at 59.94 and never lose a tick to rounding") {
  const Rational p5994{60000, 1001};
  CHECK(rtp_timestamp_of_frame(p5994, 0, kVideoClockRate) == 0);
  CHECK(rtp_timestamp_of_frame(p5994, 1, kVideoClockRate) == 1501);
  CHECK(rtp_timestamp_of_frame(p5994, 2, kVideoClockRate) == 3003);
  // The epoch instant is rounded down to a nanosecond; the tick count is taken from the exact instant.
  CHECK(rtp_timestamp_at(frame_epoch_instant(p5994, 2), kVideoClockRate) == 3002);
  for (std::uint64_t n = 100'000'000'000ULL; n < 100'000'000'010ULL; ++n) {
    const std::uint32_t step = rtp_timestamp_of_frame(p5994, n + 1, kVideoClockRate) -
                               rtp_timestamp_of_frame(p5994, n, kVideoClockRate);
    CHECK((step == 1501 || step == 1502));
  }
  CHECK(rtp_timestamp_of_frame(Rational{50, 1}, 3, kVideoClockRate) == 5400);
  // Integer-rate frames agree with the instant form.
  const PtpTime start = frame_epoch_instant(Rational{50, 1}, 85'000'000'123ULL);
  CHECK(rtp_timestamp_of_frame(Rational{50, 1}, 85'000'000'123ULL, kVideoClockRate) ==
        rtp_timestamp_at(start, kVideoClockRate));
}
