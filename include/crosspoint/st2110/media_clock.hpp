// ST 2059-1 media clocks: every RTP timestamp and every frame boundary is a function of PTP (TAI) time since
// the PTP epoch, in exact integer arithmetic so that senders and receivers anywhere agree to the tick.
#pragma once

#include <array>
#include <cstdint>

#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/time/rational.hpp"

namespace crosspoint::st2110 {

// An RTP timestamp: a media clock's count modulo 2^32.
using RtpTimestamp = std::uint32_t;

constexpr std::uint32_t kVideoClockRate = 90'000;  // ST 2110-20 video and ST 2110-40 ancillary

// The frame rates ST 2110 flows run at (those of SMPTE ST 2036-1 and ST 2048-1), 1001 divisors exact.
inline constexpr std::array<Rational, 13> kSt2110FrameRates = {
    Rational{24000, 1001}, Rational{24, 1},     Rational{25, 1},        Rational{30000, 1001}, Rational{30, 1},
    Rational{48000, 1001}, Rational{48, 1},     Rational{50, 1},        Rational{60000, 1001}, Rational{60, 1},
    Rational{100, 1},      Rational{120000, 1001}, Rational{120, 1}};

// floor(t x clock_rate) mod 2^32, t in TAI seconds since the PTP epoch.
RtpTimestamp rtp_timestamp_at(PtpTime instant, std::uint32_t clock_rate);

// How many ticks `instant` lies after `timestamp` (negative when before), taking the 2^32 wrap nearest.
std::int64_t rtp_ticks_after(PtpTime instant, RtpTimestamp timestamp, std::uint32_t clock_rate);

// The period of a frame (or field, or packet) rate in seconds: the inverse of the rate, exact.
Rational period_seconds(Rational rate);
// The period in nanoseconds, exact: at 60000/1001 Hz, 50050000/3 ns.
Rational period_nanoseconds(Rational rate);
// The period in whole nanoseconds, rounded down.
Nanoseconds period_floor_ns(Rational rate);

// Frame n (counted from the PTP epoch) starts at floor(n x period) ns: its epoch instant.
PtpTime frame_epoch_instant(Rational frame_rate, std::uint64_t frame);
// The frame whose period holds `instant`: the last n whose epoch instant is at or before it.
std::uint64_t frame_at(PtpTime instant, Rational frame_rate);
// The first frame epoch instant at or after `instant`: where a clean switch can land.
PtpTime next_frame_boundary(PtpTime instant, Rational frame_rate);
// The RTP timestamp of frame n: floor(n x period x clock_rate) mod 2^32, computed without rounding n x period
// to nanoseconds first (that would lose a tick on 1001 rates).
RtpTimestamp rtp_timestamp_of_frame(Rational frame_rate, std::uint64_t frame, std::uint32_t clock_rate);

}  // namespace crosspoint::st2110
