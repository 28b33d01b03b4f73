#include "crosspoint/st2110/st2110_21.hpp"

#include <algorithm>

#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::st2110 {
namespace {

// Where the blanking of a raster sits: the active share RACTIVE and the default read offset TRO, both in
// units of the frame period, chosen by the standard raster the height belongs to.
struct RasterTiming {
  Rational active;
  Rational read_offset;
};

RasterTiming raster_timing(const VideoTiming& timing) {
  if (timing.height <= 486) return {{487, 525}, {20, 525}};
  if (timing.height <= 576) return {{576, 625}, {26, 625}};
  if (timing.height == 720 && !timing.interlaced) return {{720, 750}, {28, 750}};
  if (timing.interlaced) return {{1080, 1125}, {22, 1125}};
  return {{1080, 1125}, {43, 1125}};
}

std::uint32_t floor_ratio(Int128 numerator, Int128 denominator) {
  return denominator == 0 ? 0U : static_cast<std::uint32_t>(numerator / denominator);
}

Rational reduced(Int128 numerator, Int128 denominator) {
  Int128 a = numerator < 0 ? -numerator : numerator;
  Int128 b = denominator;
  while (b != 0) {
    const Int128 r = a % b;
    a = b;
    b = r;
  }
  if (a == 0) a = 1;
  return Rational{static_cast<std::int64_t>(numerator / a), static_cast<std::int64_t>(denominator / a)};
}

}  // namespace

Rational active_ratio(const VideoTiming& timing) {
  if (timing.schedule == ReadSchedule::kLinear) return Rational{1, 1};
  return raster_timing(timing).active;
}

Rational frame_period_seconds(const VideoTiming& timing) {
  return Rational{timing.frame_rate.denominator, timing.frame_rate.numerator}.reduced();
}

Rational frame_period_ns(const VideoTiming& timing) {
  return reduced(Int128{timing.frame_rate.denominator} * kNanosPerSecond, timing.frame_rate.numerator);
}

Rational unit_period_ns(const VideoTiming& timing) {
  const Rational frame = frame_period_ns(timing);
  return timing.interlaced ? reduced(frame.numerator, Int128{frame.denominator} * 2) : frame;
}

std::uint32_t packets_per_unit(const VideoTiming& timing) {
  return timing.interlaced ? timing.packets_per_frame / 2 : timing.packets_per_frame;
}

Rational trs_ns(const VideoTiming& timing) {
  const Rational frame = frame_period_ns(timing);
  const Rational active = active_ratio(timing);
  return reduced(Int128{frame.numerator} * active.numerator,
                 Int128{frame.denominator} * active.denominator * std::max<std::uint32_t>(1, timing.packets_per_frame));
}

Rational tro_default_ns(const VideoTiming& timing) {
  const Rational frame = frame_period_ns(timing);
  const Rational offset = raster_timing(timing).read_offset;
  return reduced(Int128{frame.numerator} * offset.numerator, Int128{frame.denominator} * offset.denominator);
}

Rational network_drain_period_ns(const VideoTiming& timing) {
  const Rational frame = frame_period_ns(timing);
  return reduced(Int128{frame.numerator} * 10,
                 Int128{frame.denominator} * 11 * std::max<std::uint32_t>(1, timing.packets_per_frame));
}

std::uint32_t cmax(const VideoTiming& timing, SenderType type) {
  // N / (K x RACTIVE x Tframe) = N x rate_num x ractive_den / (K x ractive_num x rate_den)
  const Int128 n = timing.packets_per_frame;
  const Rational rate = timing.frame_rate;
  switch (type) {
    case SenderType::kNarrow: {
      const Rational active = raster_timing(timing).active;
      return std::max(4U, floor_ratio(n * rate.numerator * active.denominator,
                                      Int128{43200} * active.numerator * rate.denominator));
    }
    case SenderType::kNarrowLinear:
      return std::max(4U, floor_ratio(n * rate.numerator, Int128{43200} * rate.denominator));
    case SenderType::kWide:
      return std::max(16U, floor_ratio(n * rate.numerator, Int128{21600} * rate.denominator));
  }
  return 0;
}

std::uint32_t vrx_full(const VideoTiming& timing, SenderType type) {
  const Int128 n = timing.packets_per_frame;
  const Rational rate = timing.frame_rate;
  const std::uint32_t max_ip = std::max<std::uint32_t>(1, timing.max_ip_bytes);
  if (type == SenderType::kWide) {
    return std::max(720U * 1500U / max_ip, floor_ratio(n * rate.numerator, Int128{300} * rate.denominator));
  }
  return std::max(8U * 1500U / max_ip, floor_ratio(n * rate.numerator, Int128{27000} * rate.denominator));
}

const char* to_string(ComplianceClass value) {
  switch (value) {
    case ComplianceClass::kNarrow: return "narrow";
    case ComplianceClass::kNarrowLinear: return "narrow_linear";
    case ComplianceClass::kWide: return "wide";
    case ComplianceClass::kNotCompliant: return "not_compliant";
  }
  return "not_compliant";
}

ComplianceClass classify(const VideoTiming& timing, const TimingMeasurement& measured) {
  const auto within = [](std::int64_t low, std::int64_t high, std::uint32_t full) {
    return low >= 0 && high <= static_cast<std::int64_t>(full);
  };
  const std::uint32_t narrow_full = vrx_full(timing, SenderType::kNarrow);
  const std::uint32_t wide_full = vrx_full(timing, SenderType::kWide);
  if (measured.cinst_max <= cmax(timing, SenderType::kNarrow) &&
      within(measured.vrx_gapped_min, measured.vrx_gapped_max, narrow_full)) {
    return ComplianceClass::kNarrow;
  }
  if (measured.cinst_max <= cmax(timing, SenderType::kNarrowLinear) &&
      within(measured.vrx_linear_min, measured.vrx_linear_max, narrow_full)) {
    return ComplianceClass::kNarrowLinear;
  }
  if (measured.cinst_max <= cmax(timing, SenderType::kWide) &&
      (within(measured.vrx_gapped_min, measured.vrx_gapped_max, wide_full) ||
       within(measured.vrx_linear_min, measured.vrx_linear_max, wide_full))) {
    return ComplianceClass::kWide;
  }
  return ComplianceClass::kNotCompliant;
}

std::int64_t rtp_offset_limit_ticks(const VideoTiming& timing) {
  const Rational tro = tro_default_ns(timing);
  // ceil(TRO_ns x 90000 / 1e9) + 1
  const Int128 numerator = Int128{tro.numerator} * 90000;
  const Int128 denominator = Int128{tro.denominator} * kNanosPerSecond;
  return static_cast<std::int64_t>(-floor_div(-numerator, denominator)) + 1;
}

Rational unit_rate(const VideoTiming& timing) {
  return timing.interlaced ? Rational{timing.frame_rate.numerator * 2, timing.frame_rate.denominator}.reduced()
                           : timing.frame_rate;
}

// Epochs come from the ST 2059-1 media clock; these adapt its frame counts to fields and signed nanoseconds.
Nanoseconds unit_epoch_ns(const VideoTiming& timing, std::int64_t index) {
  return static_cast<Nanoseconds>(frame_epoch_instant(unit_rate(timing), static_cast<std::uint64_t>(index)).to_nanos());
}

std::int64_t unit_index_at(const VideoTiming& timing, Nanoseconds instant_ns) {
  return static_cast<std::int64_t>(frame_at(PtpTime::from_nanos(static_cast<std::uint64_t>(instant_ns)), unit_rate(timing)));
}

}  // namespace crosspoint::st2110
