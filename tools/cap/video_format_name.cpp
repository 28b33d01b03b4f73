#include "video_format_name.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "crosspoint/st2110/media_clock.hpp"

namespace crosspoint::cap {
namespace {

struct NamedRaster {
  std::uint32_t lines;
  std::uint32_t width;
};

constexpr std::array<NamedRaster, 6> kRasters{{{486, 720}, {576, 720}, {720, 1280}, {1080, 1920},
                                               {2160, 3840}, {4320, 7680}}};

struct NamedRate {
  std::string_view name;
  Rational rate;
};

constexpr std::array<NamedRate, 10> kRates{{{"23.98", {24000, 1001}}, {"24", {24, 1}}, {"25", {25, 1}},
                                            {"29.97", {30000, 1001}}, {"30", {30, 1}}, {"47.95", {48000, 1001}},
                                            {"48", {48, 1}}, {"50", {50, 1}}, {"59.94", {60000, 1001}},
                                            {"60", {60, 1}}}};

}  // namespace

Expected<st2110::VideoFormat, std::string> parse_video_format_name(std::string_view name) {
  const auto scan = name.find_first_of("pi");
  if (scan == std::string_view::npos || scan == 0) {
    return Unexpected{std::string("video format '") + std::string(name) + "' is not <lines>p|i<rate>, e.g. 1080p59.94"};
  }
  std::uint32_t lines = 0;
  for (const char c : name.substr(0, scan)) {
    if (c < '0' || c > '9') return Unexpected{std::string("video format '") + std::string(name) + "': bad line count"};
    lines = lines * 10 + static_cast<std::uint32_t>(c - '0');
  }
  const bool interlaced = name[scan] == 'i';
  const std::string_view rate_text = name.substr(scan + 1);
  const NamedRaster* raster = nullptr;
  for (const auto& r : kRasters) {
    if (r.lines == lines) raster = &r;
  }
  if (raster == nullptr) {
    return Unexpected{std::string("video format '") + std::string(name) +
                      "': lines must be one of 486, 576, 720, 1080, 2160, 4320"};
  }
  const NamedRate* rate = nullptr;
  for (const auto& r : kRates) {
    if (r.name == rate_text) rate = &r;
  }
  if (rate == nullptr) {
    return Unexpected{std::string("video format '") + std::string(name) +
                      "': rate must be one of 23.98 24 25 29.97 30 47.95 48 50 59.94 60"};
  }
  st2110::VideoFormat format;
  format.width = raster->width;
  format.height = lines;
  format.interlaced = interlaced;
  format.exact_frame_rate = rate->rate;
  if (interlaced) {
    // The name gives fields per second; SDP's exactframerate counts frames.
    if (rate->rate.numerator % 2 != 0) {
      return Unexpected{std::string("video format '") + std::string(name) + "': interlaced needs an even field rate"};
    }
    format.exact_frame_rate = Rational{rate->rate.numerator / 2, rate->rate.denominator}.reduced();
  }
  return format;
}

Rational snapped_frame_rate(double per_second) {
  Rational best{static_cast<std::int64_t>(std::lround(per_second * 1000)), 1000};
  best = best.reduced();
  double nearest = per_second * 0.0005;
  for (const Rational& rate : st2110::kSt2110FrameRates) {
    const double distance = std::fabs(rate.to_double() - per_second);
    if (distance < nearest) {
      nearest = distance;
      best = rate;
    }
  }
  return best;
}

std::string rate_name(Rational rate) {
  for (const auto& r : kRates) {
    if (r.rate == rate) return std::string(r.name);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", rate.to_double());
  return text;
}

std::string video_format_name(const st2110::VideoFormat& format) {
  const Rational named_rate =
      format.interlaced ? Rational{format.exact_frame_rate.numerator * 2, format.exact_frame_rate.denominator}
                        : format.exact_frame_rate;
  std::string raster = std::to_string(format.height);
  bool known = false;
  for (const auto& r : kRasters) known = known || (r.lines == format.height && r.width == format.width);
  if (!known) raster = std::to_string(format.width) + "x" + raster;
  return raster + (format.interlaced ? "i" : "p") + rate_name(named_rate);
}

}  // namespace crosspoint::cap
