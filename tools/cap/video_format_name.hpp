// The short names of video formats on crosspoint-cap's command line: "720p50", "1080i59.94", "2160p23.98".
// Interlaced names carry the field rate (1080i59.94 is 30000/1001 frames a second), as the industry says it.
#pragma once

#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::cap {

// Fills width, height, exact_frame_rate and interlaced; the rest stays at VideoFormat's defaults
// (4:2:2 10-bit GPM narrow).
Expected<st2110::VideoFormat, std::string> parse_video_format_name(std::string_view name);

// The name of a format's raster and rate, e.g. "1080i59.94"; "1920x1080p59.94" for a raster without one.
std::string video_format_name(const st2110::VideoFormat& format);

// The ST 2110 frame rate nearest a measured one when within 0.05% (1001 divisors are 0.1% away from their
// integer rates); else the measurement in thousandths.
Rational snapped_frame_rate(double per_second);

// "23.98", "25", "29.97", "59.94", "60": the rate the names use.
std::string rate_name(Rational rate);

}  // namespace crosspoint::cap
