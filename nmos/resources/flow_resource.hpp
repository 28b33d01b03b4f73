// The Flow resource: raw video (flow_video_raw.json), raw audio (flow_audio_raw.json) and SMPTE 291
// ancillary data (flow_sdianc_data.json), built from the shared st2110 media formats.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/rational.hpp"
#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

struct VideoComponent {
  std::string name;  // "Y", "Cb", "Cr", "R", "G", "B", "I", "Ct", "Cp", "A"
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t bit_depth = 0;
};

struct RawVideoFlow {
  std::uint32_t frame_width = 0;
  std::uint32_t frame_height = 0;
  std::string interlace_mode = "progressive";  // progressive, interlaced_tff, interlaced_bff, interlaced_psf
  std::string colorspace = "BT709";
  std::string transfer_characteristic = "SDR";
  std::vector<VideoComponent> components;
};

struct RawAudioFlow {
  std::string media_type = "audio/L24";
  Rational sample_rate{48000, 1};
  std::uint32_t bit_depth = 24;
};

struct AncillaryDataFlow {
  std::vector<st2110::AncDataId> data_ids;
};

using FlowEssence = std::variant<RawVideoFlow, RawAudioFlow, AncillaryDataFlow>;

struct FlowResource {
  ResourceCore core;
  std::string source_id;
  std::string device_id;
  std::vector<std::string> parents;
  std::optional<Rational> grain_rate;
  FlowEssence essence;
};

// The flow attributes an ST 2110 media format implies (components from sampling and depth, and so on).
FlowEssence flow_essence_of(const st2110::MediaFormat& format);
// The grain rate of a format: the frame rate for video and ancillary, the sample rate for audio.
Rational grain_rate_of(const st2110::MediaFormat& format);
// "urn:x-nmos:format:video" / ":audio" / ":data".
std::string nmos_format_of(st2110::MediaType type);

nlohmann::json to_json(const FlowResource& flow);

}  // namespace crosspoint::nmos
