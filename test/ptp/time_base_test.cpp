// The process time base as the PTP clock drives it: ModelDiscipline steps and slews the ClockModel, and
// ST 2059-1 RTP timestamps (through st2110/media_clock) follow the model's PTP time exactly.
#include <catch2/catch.hpp>

#include "model_discipline.hpp"
#include "crosspoint/st2110/media_clock.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {
constexpr Nanoseconds kLocalBase = 5 * kNanosPerSecond;
constexpr std::uint64_t kPtpBase = 1'700'000'000ULL * kNanosPerSecond;  // 2023-11-14 22:13:20 TAI
}  // namespace

TEST_CASE("RTP timestamps at known instants of the process clock (ST 2059-1)") {
  ClockModel model;
  model.publish(ClockMapping{kLocalBase, kPtpBase, 0.0});
  // floor(1'700'000'000 x 90'000) mod 2^32
  CHECK(st2110::rtp_timestamp_at(model.to_ptp(kLocalBase), 90'000) == 380'014'592U);
  CHECK(st2110::rtp_timestamp_at(model.to_ptp(kLocalBase + kNanosPerSecond), 90'000) == 380'104'592U);
  // half a second later at 48 kHz: floor(1'700'000'000.5 x 48'000) mod 2^32
  CHECK(st2110::rtp_timestamp_at(model.to_ptp(kLocalBase + kNanosPerSecond / 2), 48'000) == 4'211'334'592U);
  // 11.111 us is less than one 90 kHz tick
  CHECK(st2110::rtp_timestamp_at(model.to_ptp(kLocalBase + 11'111), 90'000) == 380'014'592U);

  SECTION("a clock running 100 ppm fast has gained 1 ms (90 ticks) after 10 s") {
    model.publish(ClockMapping{kLocalBase, kPtpBase, 100'000.0});
    CHECK(st2110::rtp_timestamp_at(model.to_ptp(kLocalBase + 10 * kNanosPerSecond), 90'000) == 380'914'682U);
  }
}

TEST_CASE("a servo step moves the model's time by exactly the step at that instant") {
  ClockModel model;
  model.publish(ClockMapping{kLocalBase, kPtpBase, 0.0});
  ModelDiscipline discipline(model, HostClockAdjustment::kNone);
  const Nanoseconds now = kLocalBase + 3 * kNanosPerSecond;
  const PtpTime before = model.to_ptp(now);
  discipline.apply(ServoOutput{ServoState::kJump, 0.0, 1'500}, now);  // we were 1.5 us ahead
  CHECK(before.minus(model.to_ptp(now)) == 1'500);
}

TEST_CASE("a new frequency keeps the model's time continuous and changes only its rate") {
  ClockModel model;
  model.publish(ClockMapping{kLocalBase, kPtpBase, 0.0});
  ModelDiscipline discipline(model, HostClockAdjustment::kNone);
  const Nanoseconds now = kLocalBase + 2 * kNanosPerSecond;
  const PtpTime before = model.to_ptp(now);
  discipline.apply(ServoOutput{ServoState::kLocked, -20'000.0, 0}, now);  // 20 ppm slower
  CHECK(model.to_ptp(now) == before);
  CHECK(model.to_ptp(now + kNanosPerSecond).minus(before) == kNanosPerSecond - 20'000);
  CHECK(discipline.frequency_ppb() == -20'000.0);
  CHECK(model.to_local(model.to_ptp(now + kNanosPerSecond)) == Approx(now + kNanosPerSecond).margin(1));
}

TEST_CASE("an unlocked servo leaves the model alone") {
  ClockModel model;
  const ClockMapping mapping{kLocalBase, kPtpBase, 12.0};
  model.publish(mapping);
  ModelDiscipline(model, HostClockAdjustment::kNone).apply(ServoOutput{ServoState::kUnlocked, 500.0, 0}, kLocalBase);
  CHECK(model.mapping().base_ptp_ns == mapping.base_ptp_ns);
  CHECK(model.mapping().rate_ppb == 12.0);
}
