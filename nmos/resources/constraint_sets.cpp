#include "nmos/resources/constraint_sets.hpp"

#include "nmos/resources/flow_resource.hpp"
#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {
namespace {

std::string color_sampling_of(st2110::Sampling sampling) {
  using st2110::Sampling;
  switch (sampling) {
    case Sampling::kYCbCr444: return "YCbCr-4:4:4";
    case Sampling::kYCbCr422: return "YCbCr-4:2:2";
    case Sampling::kYCbCr420: return "YCbCr-4:2:0";
    case Sampling::kCLYCbCr444: return "CLYCbCr-4:4:4";
    case Sampling::kCLYCbCr422: return "CLYCbCr-4:2:2";
    case Sampling::kCLYCbCr420: return "CLYCbCr-4:2:0";
    case Sampling::kICtCp444: return "ICtCp-4:4:4";
    case Sampling::kICtCp422: return "ICtCp-4:2:2";
    case Sampling::kICtCp420: return "ICtCp-4:2:0";
    case Sampling::kRgb: return "RGB";
    case Sampling::kXyz: return "XYZ";
    case Sampling::kKey: return "KEY";
  }
  return "UNSPECIFIED";
}

// {"enum": [value]}: the constraint that admits exactly one value.
nlohmann::json only(nlohmann::json value) {
  nlohmann::json values = nlohmann::json::array();
  values.push_back(std::move(value));
  nlohmann::json constraint = nlohmann::json::object();
  constraint["enum"] = std::move(values);
  return constraint;
}

}  // namespace

nlohmann::json constraint_sets_for(const st2110::MediaFormat& format) {
  nlohmann::json set = nlohmann::json::object();
  if (const auto* video = std::get_if<st2110::VideoFormat>(&format)) {
    const RawVideoFlow flow = std::get<RawVideoFlow>(flow_essence_of(format));
    set["urn:x-nmos:cap:format:frame_width"] = only(video->width);
    set["urn:x-nmos:cap:format:frame_height"] = only(video->height);
    set["urn:x-nmos:cap:format:interlace_mode"] = only(flow.interlace_mode);
    set["urn:x-nmos:cap:format:grain_rate"] = only(rational_to_json(video->exact_frame_rate));
    set["urn:x-nmos:cap:format:color_sampling"] = only(color_sampling_of(video->sampling));
    set["urn:x-nmos:cap:format:component_depth"] = only(flow.components.empty() ? 10 : flow.components[0].bit_depth);
    set["urn:x-nmos:cap:format:colorspace"] = only(video->colorimetry);
    set["urn:x-nmos:cap:format:transfer_characteristic"] = only(video->tcs);
  } else if (const auto* audio = std::get_if<st2110::AudioFormat>(&format)) {
    set["urn:x-nmos:cap:format:sample_rate"] = only(rational_to_json(Rational{audio->sample_rate, 1}));
    set["urn:x-nmos:cap:format:channel_count"] = only(audio->channels);
    set["urn:x-nmos:cap:format:sample_depth"] = only(audio->encoding == st2110::AudioEncoding::kL16 ? 16 : 24);
    set["urn:x-nmos:cap:transport:packet_time"] = only(static_cast<double>(audio->packet_time_us) / 1000.0);
  } else {
    const auto& anc = std::get<st2110::AncFormat>(format);
    set["urn:x-nmos:cap:format:grain_rate"] = only(rational_to_json(anc.exact_frame_rate));
  }
  nlohmann::json sets = nlohmann::json::array();
  sets.push_back(std::move(set));
  return sets;
}

std::vector<std::string> media_types_for(st2110::MediaType type, const std::optional<st2110::MediaFormat>& format) {
  switch (type) {
    case st2110::MediaType::kVideo: return {"video/raw"};
    case st2110::MediaType::kAudio:
      if (format) {
        if (const auto* audio = std::get_if<st2110::AudioFormat>(&*format))
          return {audio->encoding == st2110::AudioEncoding::kL16 ? "audio/L16" : "audio/L24"};
      }
      return {"audio/L24", "audio/L16"};
    case st2110::MediaType::kAncillary: return {"video/smpte291"};
  }
  return {};
}

}  // namespace crosspoint::nmos
