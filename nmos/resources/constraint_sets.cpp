#include "nmos/resources/constraint_sets.hpp"

#include <cstdio>

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

// "50", "29.97", "0.125": at most three decimals, without trailing zeros.
std::string decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  std::string out = text;
  out.erase(out.find_last_not_of('0') + 1);
  if (out.back() == '.') out.pop_back();
  return out;
}

// The constraint set's BCP-004-01 label: the format it admits, in the words of a routing panel.
std::string label_for(const st2110::MediaFormat& format) {
  if (const auto* video = std::get_if<st2110::VideoFormat>(&format)) {
    return std::to_string(video->width) + "x" + std::to_string(video->height) + (video->interlaced ? "i " : "p ") +
           decimal(video->exact_frame_rate.to_double()) + " fps " + color_sampling_of(video->sampling) + " " +
           std::to_string(st2110::bits_per_sample(video->depth)) + "-bit";
  }
  if (const auto* audio = std::get_if<st2110::AudioFormat>(&format)) {
    return std::string(audio->encoding == st2110::AudioEncoding::kL16 ? "L16 " : "L24 ") +
           std::to_string(audio->channels) + " ch " + decimal(audio->sample_rate / 1000.0) + " kHz " +
           decimal(audio->packet_time_us / 1000.0) + " ms packets";
  }
  return "SMPTE 291 ancillary " + decimal(std::get<st2110::AncFormat>(format).exact_frame_rate.to_double()) + " fps";
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
  // The one format the input takes is usable now and, being the only one, the most preferred.
  set["urn:x-nmos:cap:meta:label"] = label_for(format);
  set["urn:x-nmos:cap:meta:preference"] = 100;
  set["urn:x-nmos:cap:meta:enabled"] = true;
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
