// How a MediaFormat is spelled in an SDP media section: the m= media type, `a=rtpmap:` encoding, `a=fmtp:`
// parameters and `a=ptime:`. One function pair per ST 2110 family, and one dispatcher over the three.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/sdp_error.hpp"

namespace crosspoint::st2110 {

// The text of one attribute value and the line it came from.
struct SdpLineText {
  std::string_view text;
  std::size_t line = 0;
};

// What a media section said about its format, for the payload type it carries.
struct SdpFormatLines {
  SdpLineText media;                  // the m= media type ("video", "audio") and the m= line
  std::optional<SdpLineText> rtpmap;  // after "a=rtpmap:<pt> ": "raw/90000"
  std::optional<SdpLineText> fmtp;    // after "a=fmtp:<pt> "
  std::optional<SdpLineText> ptime;   // after "a=ptime:"
};

// What generate writes for a format; empty strings are attributes the format does not use.
struct SdpFormatText {
  std::string media;   // "video" or "audio"
  std::string rtpmap;  // "raw/90000", "L24/48000/8", "smpte291/90000"
  std::string fmtp;    // parameters after "a=fmtp:<pt> "
  std::string ptime;   // milliseconds: "1", "0.125"
};

Expected<MediaFormat, SdpError> media_format_from_sdp(const SdpFormatLines& lines);
SdpFormatText sdp_format_text(const MediaFormat& format);

// ST 2110-20: `a=fmtp:` parameters of `raw/90000`. Errors are reasons without a line number.
Expected<VideoFormat, std::string> parse_video_fmtp(std::string_view parameters);
std::string format_video_fmtp(const VideoFormat& format);

// ST 2110-30: rtpmap `L24/48000/8` (after the payload type), optional fmtp `channel-order=...`, ptime in ms.
Expected<AudioFormat, std::string> parse_audio_rtpmap(std::string_view encoding);
Expected<std::string, std::string> parse_audio_channel_order(std::string_view parameters);
Expected<std::uint32_t, std::string> parse_packet_time_us(std::string_view milliseconds);
std::string format_packet_time_ms(std::uint32_t packet_time_us);

// ST 2110-40: `a=fmtp:` parameters of `smpte291/90000` (DID_SDID, VPID_Code, exactframerate, interlace).
Expected<AncFormat, std::string> parse_anc_fmtp(std::string_view parameters);
std::string format_anc_fmtp(const AncFormat& format);

}  // namespace crosspoint::st2110
