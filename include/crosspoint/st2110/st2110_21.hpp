// ST 2110-21 traffic shaping of video senders: the read schedule (TRS, TRO, RACTIVE), the limits of the
// network compatibility model (CMAX) and of the virtual receiver buffer (VRX_FULL) for narrow, narrow linear
// and wide senders. Pure arithmetic, exact where the standard floors; the meters that run the models over
// packet arrival times live in st2110_21_meters.hpp.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/time/rational.hpp"

namespace crosspoint::st2110 {

// Gapped senders leave the vertical blanking interval empty (RACTIVE < 1); linear ones (TPNL) spread the
// packets over the whole frame period.
enum class ReadSchedule : std::uint8_t { kGapped, kLinear };

// What the timing model needs to know about one video flow.
struct VideoTiming {
  Rational frame_rate{60000, 1001};       // frames per second (exactframerate; fields are twice as many)
  std::uint32_t height = 1080;            // lines of the frame
  bool interlaced = false;
  std::uint32_t packets_per_frame = 0;    // N, over both fields when interlaced
  ReadSchedule schedule = ReadSchedule::kGapped;
  std::uint32_t max_ip_bytes = 1500;      // MAXIP: the largest IP datagram of the flow
};

// RACTIVE: the share of the frame period in which a gapped sender sends (1 when linear).
Rational active_ratio(const VideoTiming& timing);
// Tframe in seconds as an exact fraction (the inverse of the frame rate).
Rational frame_period_seconds(const VideoTiming& timing);
// Tframe in nanoseconds as an exact fraction.
Rational frame_period_ns(const VideoTiming& timing);
// The period of one transmission unit in nanoseconds: the frame, or the field when interlaced.
Rational unit_period_ns(const VideoTiming& timing);
// Packets per transmission unit (per field when interlaced).
std::uint32_t packets_per_unit(const VideoTiming& timing);
// TRS: time between packets of the read schedule, in nanoseconds.
Rational trs_ns(const VideoTiming& timing);
// TRO_DEFAULT: the read schedule's offset from the unit's epoch instant, in nanoseconds.
Rational tro_default_ns(const VideoTiming& timing);
// TDRAIN of the network compatibility model: Tframe / (1.1 N), in nanoseconds.
Rational network_drain_period_ns(const VideoTiming& timing);

// CMAX for a sender type; narrow uses the gapped RACTIVE whatever `timing.schedule` says, narrow linear 1.
std::uint32_t cmax(const VideoTiming& timing, SenderType type);
// VRX_FULL for a sender type (narrow linear shares the narrow value).
std::uint32_t vrx_full(const VideoTiming& timing, SenderType type);

// The class a flow earns from what the meters measured: the first of narrow, narrow linear and wide whose
// limits it keeps, else not compliant.
enum class ComplianceClass : std::uint8_t { kNarrow, kNarrowLinear, kWide, kNotCompliant };

// "narrow", "narrow_linear", "wide", "not_compliant".
const char* to_string(ComplianceClass value);

// What the meters saw over a flow: Cinst maximum, and the VRX extremes for both read schedules.
struct TimingMeasurement {
  std::uint32_t cinst_max = 0;
  std::int64_t vrx_gapped_min = 0;
  std::int64_t vrx_gapped_max = 0;
  std::int64_t vrx_linear_min = 0;
  std::int64_t vrx_linear_max = 0;
};

ComplianceClass classify(const VideoTiming& timing, const TimingMeasurement& measured);

// The JT-NM/LIST check on RTP timestamps: RTP time minus the unit's epoch within [-1, ceil(TRO x 90 kHz) + 1]
// ticks. Returns the upper bound (59 at 1080p59.94).
std::int64_t rtp_offset_limit_ticks(const VideoTiming& timing);

// Transmission units a second: frames, or fields when interlaced.
Rational unit_rate(const VideoTiming& timing);
// The epoch instant of unit `index` (frame, or field when interlaced) counted from the PTP epoch:
// floor(index x unit period), in nanoseconds since the PTP epoch (index and instants not negative).
Nanoseconds unit_epoch_ns(const VideoTiming& timing, std::int64_t index);
// The index of the unit whose epoch is the latest at or before `instant_ns`.
std::int64_t unit_index_at(const VideoTiming& timing, Nanoseconds instant_ns);

}  // namespace crosspoint::st2110
