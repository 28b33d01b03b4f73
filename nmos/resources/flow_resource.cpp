#include "nmos/resources/flow_resource.hpp"

#include <cstdio>

namespace crosspoint::nmos {
namespace {

std::vector<VideoComponent> components_of(const st2110::VideoFormat& video) {
  using st2110::Sampling;
  const std::uint32_t w = video.width;
  const std::uint32_t h = video.height;
  const std::uint32_t depth = st2110::bits_per_sample(video.depth);
  auto colour_difference = [&](const char* luma, const char* c1, const char* c2, std::uint32_t cw, std::uint32_t ch) {
    return std::vector<VideoComponent>{{luma, w, h, depth}, {c1, cw, ch, depth}, {c2, cw, ch, depth}};
  };
  switch (video.sampling) {
    case Sampling::kYCbCr444:
    case Sampling::kCLYCbCr444: return colour_difference("Y", "Cb", "Cr", w, h);
    case Sampling::kYCbCr422:
    case Sampling::kCLYCbCr422: return colour_difference("Y", "Cb", "Cr", w / 2, h);
    case Sampling::kYCbCr420:
    case Sampling::kCLYCbCr420: return colour_difference("Y", "Cb", "Cr", w / 2, h / 2);
    case Sampling::kICtCp444: return colour_difference("I", "Ct", "Cp", w, h);
    case Sampling::kICtCp422: return colour_difference("I", "Ct", "Cp", w / 2, h);
    case Sampling::kICtCp420: return colour_difference("I", "Ct", "Cp", w / 2, h / 2);
    case Sampling::kRgb:
    case Sampling::kXyz:  // X, Y, Z have no component names in the schema; carried as R, G, B planes
      return {{"R", w, h, depth}, {"G", w, h, depth}, {"B", w, h, depth}};
    case Sampling::kKey: return {{"A", w, h, depth}};
  }
  return {};
}

std::string interlace_mode_of(const st2110::VideoFormat& video) {
  if (video.segmented) return "interlaced_psf";
  return video.interlaced ? "interlaced_tff" : "progressive";
}

std::string hex_byte(std::uint8_t value) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

}  // namespace

FlowEssence flow_essence_of(const st2110::MediaFormat& format) {
  if (const auto* video = std::get_if<st2110::VideoFormat>(&format)) {
    return RawVideoFlow{video->width, video->height, interlace_mode_of(*video), video->colorimetry, video->tcs,
                        components_of(*video)};
  }
  if (const auto* audio = std::get_if<st2110::AudioFormat>(&format)) {
    const bool l16 = audio->encoding == st2110::AudioEncoding::kL16;
    return RawAudioFlow{l16 ? "audio/L16" : "audio/L24", Rational{audio->sample_rate, 1}, l16 ? 16u : 24u};
  }
  return AncillaryDataFlow{std::get<st2110::AncFormat>(format).data_ids};
}

Rational grain_rate_of(const st2110::MediaFormat& format) {
  if (const auto* video = std::get_if<st2110::VideoFormat>(&format)) return video->exact_frame_rate;
  if (const auto* audio = std::get_if<st2110::AudioFormat>(&format)) return Rational{audio->sample_rate, 1};
  return std::get<st2110::AncFormat>(format).exact_frame_rate;
}

std::string nmos_format_of(st2110::MediaType type) {
  switch (type) {
    case st2110::MediaType::kVideo: return "urn:x-nmos:format:video";
    case st2110::MediaType::kAudio: return "urn:x-nmos:format:audio";
    case st2110::MediaType::kAncillary: return "urn:x-nmos:format:data";
  }
  return "urn:x-nmos:format:data";
}

nlohmann::json to_json(const FlowResource& flow) {
  nlohmann::json out = core_to_json(flow.core);
  out["source_id"] = flow.source_id;
  out["device_id"] = flow.device_id;
  out["parents"] = flow.parents;
  if (flow.grain_rate) out["grain_rate"] = rational_to_json(*flow.grain_rate);
  if (const auto* video = std::get_if<RawVideoFlow>(&flow.essence)) {
    out["format"] = "urn:x-nmos:format:video";
    out["media_type"] = "video/raw";
    out["frame_width"] = video->frame_width;
    out["frame_height"] = video->frame_height;
    out["interlace_mode"] = video->interlace_mode;
    out["colorspace"] = video->colorspace;
    out["transfer_characteristic"] = video->transfer_characteristic;
    nlohmann::json components = nlohmann::json::array();
    for (const VideoComponent& c : video->components)
      components.push_back({{"name", c.name}, {"width", c.width}, {"height", c.height}, {"bit_depth", c.bit_depth}});
    out["components"] = std::move(components);
  } else if (const auto* audio = std::get_if<RawAudioFlow>(&flow.essence)) {
    out["format"] = "urn:x-nmos:format:audio";
    out["media_type"] = audio->media_type;
    out["sample_rate"] = rational_to_json(audio->sample_rate);
    out["bit_depth"] = audio->bit_depth;
  } else {
    const auto& anc = std::get<AncillaryDataFlow>(flow.essence);
    out["format"] = "urn:x-nmos:format:data";
    out["media_type"] = "video/smpte291";
    nlohmann::json ids = nlohmann::json::array();
    for (const st2110::AncDataId& id : anc.data_ids) ids.push_back({{"DID", hex_byte(id.did)}, {"SDID", hex_byte(id.sdid)}});
    out["DID_SDID"] = std::move(ids);
  }
  return out;
}

}  // namespace crosspoint::nmos
