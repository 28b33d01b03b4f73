// How an output's packets leave, ST 2110-21: a value of OutputConfig, and the read offset (TROFF) a paced
// video output keeps, which its SDP states.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/rational.hpp"

namespace crosspoint::engine {

// How an output's packets leave (ST 2110-21). Passthrough sends each packet as soon as it is routed, in the
// worker's bursts (lowest latency, not compliant). The others hold each packet in a small per-output queue
// until its place in the schedule: video on the read schedule of its frame (the frame named by the packet's
// RTP timestamp, its epoch on PTP time), packet j at epoch + read offset + (j - 1/2) x TRS; audio and
// ancillary at their RTP time plus `delay_us`. Narrow sends each packet alone at its time; wide releases
// groups of up to 8 (within CMAX wide), for fewer wake-ups.
enum class PacingMode : std::uint8_t { kPassthrough, kNarrow, kNarrowLinear, kWide };

struct OutputPacing {
  PacingMode mode = PacingMode::kPassthrough;
  // Video: the raster (RACTIVE, TRO_DEFAULT) and rate. Ancillary: the frame rate.
  Rational frame_rate{60000, 1001};
  std::uint32_t height = 1080;
  bool interlaced = false;
  // Video: N, packets per frame; replaced by the count of the last complete frame routed. 0: learnt only.
  std::uint32_t packets_per_frame = 0;
  // The media clock of the output's RTP timestamps: 90 kHz for video and ancillary, the sample rate for audio.
  std::uint32_t clock_rate = 90000;
  // How far behind its source's own schedule a packet leaves: the time an input's packet may take to arrive
  // and be routed. Video: the read offset is TRO_DEFAULT plus this, rounded up to whole microseconds (the
  // output's SDP says TROFF); audio and ancillary leave this long after their RTP time.
  std::uint32_t delay_us = 1000;
  friend bool operator==(const OutputPacing&, const OutputPacing&) = default;
};

// The read offset a paced video output keeps, in microseconds: TRO_DEFAULT of its raster plus delay_us,
// rounded up (SDP TROFF). nullopt for passthrough.
std::optional<std::uint32_t> paced_read_offset_us(const OutputPacing& pacing);

// The pacing of an output that sends `format`: its raster, rate, media clock and N (GPM/BPM as the format
// packs, at the default payload). Passthrough when `mode` says so.
OutputPacing pacing_for(const st2110::MediaFormat& format, PacingMode mode, std::uint32_t delay_us = 1000);
// The mode a video format's ST 2110-21 sender type (SDP TP) declares; audio and ancillary: narrow.
PacingMode pacing_mode_of(const st2110::MediaFormat& format);
// The sender type (SDP TP) an output paced in `mode` declares; nullopt for passthrough.
std::optional<st2110::SenderType> sender_type_of(PacingMode mode);

// "passthrough", "narrow", "narrow_linear", "wide"; and back (nullopt for another word).
const char* to_string(PacingMode mode);
std::optional<PacingMode> pacing_mode_from(std::string_view word);

}  // namespace crosspoint::engine
