// Which ST 2110 family a media section carries, decided by its rtpmap encoding, and the text for each family.
#include <string>
#include <string_view>
#include <type_traits>

#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

constexpr std::string_view kVideoClock = "90000";

Unexpected<SdpError> error_at(const SdpLineText& where, std::string reason) {
  return Unexpected{SdpError{where.line, std::move(reason)}};
}

Expected<MediaFormat, SdpError> video_from_sdp(const SdpFormatLines& lines, std::string_view clock) {
  if (lines.media.text != "video") return error_at(*lines.rtpmap, "rtpmap: raw is carried in m=video only");
  if (clock != kVideoClock) return error_at(*lines.rtpmap, "rtpmap: raw needs clock rate 90000");
  if (!lines.fmtp) {
    return error_at(lines.media, "fmtp: missing; ST 2110-20 requires sampling, depth, width, height, "
                                 "exactframerate, colorimetry, PM, SSN and TP");
  }
  auto format = parse_video_fmtp(lines.fmtp->text);
  if (!format) return error_at(*lines.fmtp, format.error());
  return MediaFormat{std::move(format.value())};
}

Expected<MediaFormat, SdpError> anc_from_sdp(const SdpFormatLines& lines, std::string_view clock) {
  if (lines.media.text != "video") return error_at(*lines.rtpmap, "rtpmap: smpte291 is carried in m=video only");
  if (clock != kVideoClock) return error_at(*lines.rtpmap, "rtpmap: smpte291 needs clock rate 90000");
  if (!lines.fmtp) return MediaFormat{AncFormat{}};
  auto format = parse_anc_fmtp(lines.fmtp->text);
  if (!format) return error_at(*lines.fmtp, format.error());
  return MediaFormat{std::move(format.value())};
}

Expected<MediaFormat, SdpError> audio_from_sdp(const SdpFormatLines& lines) {
  if (lines.media.text != "audio") return error_at(*lines.rtpmap, "rtpmap: PCM audio is carried in m=audio only");
  auto format = parse_audio_rtpmap(lines.rtpmap->text);
  if (!format) return error_at(*lines.rtpmap, format.error());
  if (lines.fmtp) {
    auto order = parse_audio_channel_order(lines.fmtp->text);
    if (!order) return error_at(*lines.fmtp, order.error());
    format->channel_order = std::move(order.value());
  }
  // ST 2110-30 requires a=ptime; without it RFC 3551's default for L16/L24 (1 ms) is what senders mean.
  if (lines.ptime) {
    const auto packet_time = parse_packet_time_us(lines.ptime->text);
    if (!packet_time) return error_at(*lines.ptime, packet_time.error());
    format->packet_time_us = packet_time.value();
  }
  return MediaFormat{std::move(format.value())};
}

}  // namespace

Expected<MediaFormat, SdpError> media_format_from_sdp(const SdpFormatLines& lines) {
  if (!lines.rtpmap) return error_at(lines.media, "rtpmap: missing for the media's payload type");
  const std::string_view encoding = lines.rtpmap->text;
  const auto slash = encoding.find('/');
  const std::string_view name = encoding.substr(0, slash);
  const std::string_view clock = slash == std::string_view::npos ? std::string_view{} : encoding.substr(slash + 1);
  if (sdp_text::equals_ignoring_case(name, "raw")) return video_from_sdp(lines, clock);
  if (sdp_text::equals_ignoring_case(name, "smpte291")) return anc_from_sdp(lines, clock);
  if (sdp_text::equals_ignoring_case(name, "L24") || sdp_text::equals_ignoring_case(name, "L16")) {
    return audio_from_sdp(lines);
  }
  return error_at(*lines.rtpmap, "rtpmap: unsupported encoding '" + std::string{name} + "'");
}

SdpFormatText sdp_format_text(const MediaFormat& format) {
  return std::visit(
      [](const auto& essence) -> SdpFormatText {
        using Essence = std::decay_t<decltype(essence)>;
        if constexpr (std::is_same_v<Essence, VideoFormat>) {
          return {"video", "raw/90000", format_video_fmtp(essence), ""};
        } else if constexpr (std::is_same_v<Essence, AudioFormat>) {
          const std::string name = essence.encoding == AudioEncoding::kL24 ? "L24" : "L16";
          return {"audio", name + "/" + std::to_string(essence.sample_rate) + "/" + std::to_string(essence.channels),
                  essence.channel_order.empty() ? "" : "channel-order=" + essence.channel_order,
                  format_packet_time_ms(essence.packet_time_us)};
        } else {
          return {"video", "smpte291/90000", format_anc_fmtp(essence), ""};
        }
      },
      format);
}

}  // namespace crosspoint::st2110
