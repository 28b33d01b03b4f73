#include "crosspoint/st2110/media_clock.hpp"

namespace crosspoint::st2110 {

namespace {

// 128-bit products keep n x 1001 x 1e9 exact for any frame count since 1970.
__extension__ using Wide = unsigned __int128;

constexpr std::uint64_t kNanos = static_cast<std::uint64_t>(kNanosPerSecond);

std::uint64_t positive(std::int64_t value) { return static_cast<std::uint64_t>(value); }

}  // namespace

RtpTimestamp rtp_timestamp_at(PtpTime instant, std::uint32_t clock_rate) {
  // Unsigned products wrap modulo 2^64, a multiple of 2^32, so the low 32 bits stay exact.
  const std::uint64_t whole = instant.seconds * clock_rate;
  const std::uint64_t fraction = static_cast<std::uint64_t>(instant.nanoseconds) * clock_rate / kNanos;
  return static_cast<RtpTimestamp>(whole + fraction);
}

std::int64_t rtp_ticks_after(PtpTime instant, RtpTimestamp timestamp, std::uint32_t clock_rate) {
  return static_cast<std::int32_t>(rtp_timestamp_at(instant, clock_rate) - timestamp);
}

Rational period_seconds(Rational rate) {
  return Rational{rate.denominator, rate.numerator}.reduced();
}

Rational period_nanoseconds(Rational rate) {
  return Rational{rate.denominator * kNanosPerSecond, rate.numerator}.reduced();
}

Nanoseconds period_floor_ns(Rational rate) {
  const Rational period = period_nanoseconds(rate);
  return period.numerator / period.denominator;
}

PtpTime frame_epoch_instant(Rational frame_rate, std::uint64_t frame) {
  const Wide ns = static_cast<Wide>(frame) * positive(frame_rate.denominator) * kNanos / positive(frame_rate.numerator);
  return PtpTime::from_nanos(static_cast<std::uint64_t>(ns));
}

std::uint64_t frame_at(PtpTime instant, Rational frame_rate) {
  // The last n with floor(n x period) <= t, i.e. n x period < t + 1 ns: consistent with frame_epoch_instant.
  const Wide scaled = (static_cast<Wide>(instant.to_nanos()) + 1) * positive(frame_rate.numerator) - 1;
  return static_cast<std::uint64_t>(scaled / (static_cast<Wide>(positive(frame_rate.denominator)) * kNanos));
}

PtpTime next_frame_boundary(PtpTime instant, Rational frame_rate) {
  const std::uint64_t frame = frame_at(instant, frame_rate);
  const PtpTime start = frame_epoch_instant(frame_rate, frame);
  return start == instant ? start : frame_epoch_instant(frame_rate, frame + 1);
}

RtpTimestamp rtp_timestamp_of_frame(Rational frame_rate, std::uint64_t frame, std::uint32_t clock_rate) {
  const Wide ticks = static_cast<Wide>(frame) * positive(frame_rate.denominator) * clock_rate /
                     positive(frame_rate.numerator);
  return static_cast<RtpTimestamp>(ticks);
}

}  // namespace crosspoint::st2110
