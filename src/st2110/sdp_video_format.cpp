// ST 2110-20 section 7: the fmtp parameters of `raw/90000`.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "crosspoint/st2110/sdp_fmtp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

constexpr std::array<std::pair<Sampling, std::string_view>, 12> kSamplingNames{{
    {Sampling::kYCbCr444, "YCbCr-4:4:4"},     {Sampling::kYCbCr422, "YCbCr-4:2:2"},
    {Sampling::kYCbCr420, "YCbCr-4:2:0"},     {Sampling::kCLYCbCr444, "CLYCbCr-4:4:4"},
    {Sampling::kCLYCbCr422, "CLYCbCr-4:2:2"}, {Sampling::kCLYCbCr420, "CLYCbCr-4:2:0"},
    {Sampling::kICtCp444, "ICtCp-4:4:4"},     {Sampling::kICtCp422, "ICtCp-4:2:2"},
    {Sampling::kICtCp420, "ICtCp-4:2:0"},     {Sampling::kRgb, "RGB"},
    {Sampling::kXyz, "XYZ"},                  {Sampling::kKey, "KEY"},
}};

constexpr std::array<std::pair<Depth, std::string_view>, 5> kDepthNames{{
    {Depth::k8, "8"}, {Depth::k10, "10"}, {Depth::k12, "12"}, {Depth::k16, "16"}, {Depth::k16f, "16f"},
}};

constexpr std::array<std::pair<PackingMode, std::string_view>, 2> kPackingNames{{
    {PackingMode::kGeneral, "2110GPM"}, {PackingMode::kBlock, "2110BPM"},
}};

constexpr std::array<std::pair<SenderType, std::string_view>, 3> kSenderTypeNames{{
    {SenderType::kNarrow, "2110TPN"}, {SenderType::kNarrowLinear, "2110TPNL"}, {SenderType::kWide, "2110TPW"},
}};

constexpr std::array<std::string_view, 9> kColorimetries{
    "BT601", "BT709", "BT2020", "BT2100", "ST2065-1", "ST2065-3", "UNSPECIFIED", "XYZ", "ALPHA"};
constexpr std::array<std::string_view, 11> kTransferCharacteristics{
    "SDR",      "PQ",      "HLG",     "LINEAR",      "BT2100LINPQ", "BT2100LINHLG",
    "ST2065-1", "ST428-1", "DENSITY", "ST2115LOGS3", "UNSPECIFIED"};
constexpr std::array<std::string_view, 3> kRanges{"NARROW", "FULLPROTECT", "FULL"};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_named(const std::array<std::pair<Enum, std::string_view>, N>& names,
                                std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <std::size_t N>
bool is_one_of(const std::array<std::string_view, N>& names, std::string_view text) {
  return std::find(names.begin(), names.end(), text) != names.end();
}

using Reason = std::optional<std::string>;  // why a parameter value was refused; empty when accepted

Reason positive_integer(std::string_view name, std::string_view text, std::uint32_t& out) {
  const auto value = sdp_text::parse_unsigned<std::uint32_t>(text);
  if (!value || *value == 0) return "fmtp: " + std::string{name} + " must be a positive integer";
  out = *value;
  return std::nullopt;
}

Reason optional_positive_integer(std::string_view name, std::string_view text,
                                 std::optional<std::uint32_t>& out) {
  std::uint32_t value = 0;
  if (auto reason = positive_integer(name, text, value)) return reason;
  out = value;
  return std::nullopt;
}

template <std::size_t N>
Reason word_from(const std::array<std::string_view, N>& names, std::string_view name, std::string_view text,
                 std::string& out) {
  if (!is_one_of(names, text)) return "fmtp: unknown " + std::string{name} + " '" + std::string{text} + "'";
  out = std::string{text};
  return std::nullopt;
}

template <class Enum, std::size_t N>
Reason enum_from(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view name,
                 std::string_view text, Enum& out) {
  const auto value = value_named(names, text);
  if (!value) return "fmtp: unknown " + std::string{name} + " '" + std::string{text} + "'";
  out = *value;
  return std::nullopt;
}

// What the fmtp said, before the flags are turned into the format's interlaced/segmented pair.
struct VideoFmtp {
  VideoFormat format;
  bool interlace = false;
  bool segmented = false;
};

// A flag parameter is present bare (`interlace`); some senders write `interlace=1`, and `=0` means absent.
Reason flag(std::string_view name, std::optional<std::string_view> value, bool& out) {
  if (!value || *value == "1") {
    out = true;
  } else if (*value == "0") {
    out = false;
  } else {
    return "fmtp: " + std::string{name} + " takes no value, got '" + std::string{*value} + "'";
  }
  return std::nullopt;
}

struct VideoParameter {
  std::string_view name;
  bool required;
  bool is_flag;
  Reason (*apply)(VideoFmtp&, std::optional<std::string_view>);
};

// Every parameter ST 2110-20 (2017 and 2022) and ST 2110-21 define for raw video.
const std::array<VideoParameter, 17> kVideoParameters{{
    {"sampling", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return enum_from(kSamplingNames, "sampling", *v, f.format.sampling);
     }},
    {"depth", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return enum_from(kDepthNames, "depth", *v, f.format.depth);
     }},
    {"width", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) { return positive_integer("width", *v, f.format.width); }},
    {"height", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return positive_integer("height", *v, f.format.height);
     }},
    {"exactframerate", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) -> Reason {
       const auto rate = sdp_text::parse_positive_rational(*v, '/');
       if (!rate) return "fmtp: exactframerate must be an integer or a ratio such as 60000/1001";
       f.format.exact_frame_rate = *rate;
       return std::nullopt;
     }},
    {"colorimetry", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return word_from(kColorimetries, "colorimetry", *v, f.format.colorimetry);
     }},
    {"PM", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return enum_from(kPackingNames, "PM", *v, f.format.packing);
     }},
    {"SSN", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) -> Reason {
       if (!v->starts_with("ST2110-20:")) return "fmtp: unknown SSN '" + std::string{*v} + "'";
       f.format.ssn = std::string{*v};
       return std::nullopt;
     }},
    {"TP", true, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return enum_from(kSenderTypeNames, "TP", *v, f.format.sender_type);
     }},
    {"TCS", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return word_from(kTransferCharacteristics, "TCS", *v, f.format.tcs);
     }},
    {"RANGE", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) { return word_from(kRanges, "RANGE", *v, f.format.range); }},
    {"interlace", false, true,
     [](VideoFmtp& f, std::optional<std::string_view> v) { return flag("interlace", v, f.interlace); }},
    {"segmented", false, true,
     [](VideoFmtp& f, std::optional<std::string_view> v) { return flag("segmented", v, f.segmented); }},
    {"PAR", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) -> Reason {
       const auto ratio = sdp_text::parse_positive_rational(*v, ':');
       if (!ratio || v->find(':') == std::string_view::npos) return "fmtp: PAR must be <width>:<height>";
       f.format.pixel_aspect_ratio = *ratio;
       return std::nullopt;
     }},
    {"MAXUDP", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return optional_positive_integer("MAXUDP", *v, f.format.max_udp);
     }},
    {"TROFF", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) -> Reason {
       // TROFF may be 0 (no offset), unlike the other integers.
       const auto value = sdp_text::parse_unsigned<std::uint32_t>(*v);
       if (!value) return "fmtp: TROFF must be a non-negative integer (microseconds)";
       f.format.troff_us = *value;
       return std::nullopt;
     }},
    {"CMAX", false, false,
     [](VideoFmtp& f, std::optional<std::string_view> v) {
       return optional_positive_integer("CMAX", *v, f.format.cmax);
     }},
}};

const VideoParameter* video_parameter_named(std::string_view name) {
  for (const auto& parameter : kVideoParameters) {
    if (sdp_text::equals_ignoring_case(parameter.name, name)) return &parameter;
  }
  return nullptr;
}

}  // namespace

Expected<VideoFormat, std::string> parse_video_fmtp(std::string_view parameters) {
  auto split = split_fmtp_parameters(parameters);
  if (!split) return Unexpected{split.error()};
  VideoFmtp fmtp;
  std::array<bool, kVideoParameters.size()> seen{};
  for (const FmtpParameter& parameter : split.value()) {
    const VideoParameter* known = video_parameter_named(parameter.name);
    if (known == nullptr) continue;  // vendor parameters are not ours to judge
    const auto index = static_cast<std::size_t>(known - kVideoParameters.data());
    if (seen[index]) return refuse("fmtp: " + std::string{known->name} + " appears twice");
    seen[index] = true;
    if (!known->is_flag && (!parameter.value || parameter.value->empty())) {
      return refuse("fmtp: " + std::string{known->name} + " needs a value");
    }
    if (auto reason = known->apply(fmtp, parameter.value)) return refuse(std::move(*reason));
  }
  for (std::size_t i = 0; i < kVideoParameters.size(); ++i) {
    if (kVideoParameters[i].required && !seen[i]) {
      return refuse("fmtp: missing required parameter " + std::string{kVideoParameters[i].name});
    }
  }
  // ST 2110-20 signals PsF as `interlace; segmented`; the format keeps interlaced and segmented exclusive.
  fmtp.format.segmented = fmtp.segmented;
  fmtp.format.interlaced = fmtp.interlace && !fmtp.segmented;
  return fmtp.format;
}

std::string format_video_fmtp(const VideoFormat& format) {
  std::string out;
  const auto add = [&out](std::string_view name, std::string_view value) {
    out.append(name).append("=").append(value).append("; ");
  };
  add("sampling", name_of(kSamplingNames, format.sampling));
  add("width", std::to_string(format.width));
  add("height", std::to_string(format.height));
  add("exactframerate", format.exact_frame_rate.reduced().to_string());
  add("depth", name_of(kDepthNames, format.depth));
  add("TCS", format.tcs);
  add("colorimetry", format.colorimetry);
  add("PM", name_of(kPackingNames, format.packing));
  add("SSN", format.ssn);
  add("TP", name_of(kSenderTypeNames, format.sender_type));
  if (format.interlaced || format.segmented) out.append("interlace; ");
  if (format.segmented) out.append("segmented; ");
  if (format.range != "NARROW") add("RANGE", format.range);
  if (format.pixel_aspect_ratio) {
    const Rational par = format.pixel_aspect_ratio->reduced();
    add("PAR", std::to_string(par.numerator) + ":" + std::to_string(par.denominator));
  }
  if (format.max_udp) add("MAXUDP", std::to_string(*format.max_udp));
  if (format.troff_us) add("TROFF", std::to_string(*format.troff_us));
  if (format.cmax) add("CMAX", std::to_string(*format.cmax));
  return out;
}

}  // namespace crosspoint::st2110
