#include "crosspoint/engine/output_pacing.hpp"

#include <variant>

#include "crosspoint/st2110/st2110_21.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"

namespace crosspoint::engine {

std::optional<std::uint32_t> paced_read_offset_us(const OutputPacing& pacing) {
  if (pacing.mode == PacingMode::kPassthrough || pacing.frame_rate.numerator <= 0) return std::nullopt;
  st2110::VideoTiming timing;
  timing.frame_rate = pacing.frame_rate;
  timing.height = pacing.height;
  timing.interlaced = pacing.interlaced;
  const Rational tro = st2110::tro_default_ns(timing);
  const std::int64_t tro_us = (tro.numerator + tro.denominator * 1000 - 1) / (tro.denominator * 1000);
  return static_cast<std::uint32_t>(tro_us) + pacing.delay_us;
}

OutputPacing pacing_for(const st2110::MediaFormat& format, PacingMode mode, std::uint32_t delay_us) {
  OutputPacing pacing;
  pacing.mode = mode;
  pacing.delay_us = delay_us;
  if (const auto* video = std::get_if<st2110::VideoFormat>(&format)) {
    pacing.frame_rate = video->exact_frame_rate;
    pacing.height = video->height;
    pacing.interlaced = video->interlaced;
    if (auto plan = st2110::VideoPacketPlan::create(*video)) pacing.packets_per_frame = plan->packets_per_frame();
  } else if (const auto* audio = std::get_if<st2110::AudioFormat>(&format)) {
    pacing.clock_rate = audio->sample_rate;
  } else if (const auto* anc = std::get_if<st2110::AncFormat>(&format)) {
    pacing.frame_rate = anc->exact_frame_rate;
    pacing.interlaced = anc->interlaced;
  }
  return pacing;
}

PacingMode pacing_mode_of(const st2110::MediaFormat& format) {
  const auto* video = std::get_if<st2110::VideoFormat>(&format);
  if (video == nullptr) return PacingMode::kNarrow;
  switch (video->sender_type) {
    case st2110::SenderType::kNarrow: return PacingMode::kNarrow;
    case st2110::SenderType::kNarrowLinear: return PacingMode::kNarrowLinear;
    case st2110::SenderType::kWide: return PacingMode::kWide;
  }
  return PacingMode::kNarrow;
}

std::optional<st2110::SenderType> sender_type_of(PacingMode mode) {
  switch (mode) {
    case PacingMode::kPassthrough: return std::nullopt;
    case PacingMode::kNarrow: return st2110::SenderType::kNarrow;
    case PacingMode::kNarrowLinear: return st2110::SenderType::kNarrowLinear;
    case PacingMode::kWide: return st2110::SenderType::kWide;
  }
  return std::nullopt;
}

const char* to_string(PacingMode mode) {
  switch (mode) {
    case PacingMode::kPassthrough: return "passthrough";
    case PacingMode::kNarrow: return "narrow";
    case PacingMode::kNarrowLinear: return "narrow_linear";
    case PacingMode::kWide: return "wide";
  }
  return "passthrough";
}

std::optional<PacingMode> pacing_mode_from(std::string_view word) {
  for (const PacingMode mode : {PacingMode::kPassthrough, PacingMode::kNarrow, PacingMode::kNarrowLinear, PacingMode::kWide}) {
    if (word == to_string(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace crosspoint::engine
