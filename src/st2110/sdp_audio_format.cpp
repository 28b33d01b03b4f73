// ST 2110-30 (RFC 3190 L16/L24 PCM): rtpmap `L24/48000/8`, `a=ptime:` and the `channel-order` fmtp parameter.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "crosspoint/st2110/sdp_fmtp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

constexpr std::uint32_t kMaxChannels = 64;
constexpr std::string_view kChannelOrderConvention = "SMPTE2110.(";

// ST 2110-30 channel groupings: mono, dual mono, stereo, matrix stereo, 5.1, 7.1, 22.2, SDI group, undefined.
constexpr std::array<std::string_view, 8> kChannelGroupings{"M", "DM", "ST", "LtRt", "51", "71", "222", "SGRP"};

bool is_channel_grouping(std::string_view symbol) {
  if (std::find(kChannelGroupings.begin(), kChannelGroupings.end(), symbol) != kChannelGroupings.end()) return true;
  // Unn: nn undefined channels, 01 to 64.
  if (symbol.size() != 3 || symbol.front() != 'U') return false;
  const auto count = sdp_text::parse_unsigned<std::uint32_t>(symbol.substr(1));
  return count && *count >= 1 && *count <= kMaxChannels;
}

}  // namespace

Expected<AudioFormat, std::string> parse_audio_rtpmap(std::string_view encoding) {
  const auto first_slash = encoding.find('/');
  const std::string_view name = encoding.substr(0, first_slash);
  AudioFormat format;
  if (sdp_text::equals_ignoring_case(name, "L24")) {
    format.encoding = AudioEncoding::kL24;
  } else if (sdp_text::equals_ignoring_case(name, "L16")) {
    format.encoding = AudioEncoding::kL16;
  } else {
    return refuse("rtpmap: audio encoding must be L16 or L24, got '" + std::string{name} + "'");
  }
  const std::string_view rest =
      first_slash == std::string_view::npos ? std::string_view{} : encoding.substr(first_slash + 1);
  const auto second_slash = rest.find('/');
  if (rest.empty() || second_slash == std::string_view::npos) {
    return refuse("rtpmap: " + std::string{name} + " needs <sample rate>/<channels>");
  }
  const auto rate = sdp_text::parse_unsigned<std::uint32_t>(rest.substr(0, second_slash));
  if (!rate || *rate == 0) return refuse("rtpmap: sample rate must be a positive integer");
  const auto channels = sdp_text::parse_unsigned<std::uint32_t>(rest.substr(second_slash + 1));
  if (!channels || *channels == 0 || *channels > kMaxChannels) {
    return refuse("rtpmap: channels must be an integer from 1 to 64");
  }
  format.sample_rate = *rate;
  format.channels = *channels;
  return format;
}

Expected<std::string, std::string> parse_audio_channel_order(std::string_view parameters) {
  auto split = split_fmtp_parameters(parameters);
  if (!split) return Unexpected{split.error()};
  for (const FmtpParameter& parameter : split.value()) {
    if (parameter.name != "channel-order") continue;
    const std::string_view order = parameter.value.value_or(std::string_view{});
    if (!order.starts_with(kChannelOrderConvention) || !order.ends_with(")")) {
      return refuse("fmtp: channel-order must be SMPTE2110.(<groups>), got '" + std::string{order} + "'");
    }
    std::string_view groups = order.substr(kChannelOrderConvention.size());
    groups.remove_suffix(1);
    while (true) {
      const auto comma = groups.find(',');
      const std::string_view symbol = groups.substr(0, comma);
      if (!is_channel_grouping(symbol)) {
        return refuse("fmtp: channel-order has unknown grouping '" + std::string{symbol} + "'");
      }
      if (comma == std::string_view::npos) break;
      groups.remove_prefix(comma + 1);
    }
    return std::string{order};
  }
  return std::string{};
}

// Milliseconds with up to three decimals ("1", "0.125", "0.333"); finer digits round to the microsecond.
Expected<std::uint32_t, std::string> parse_packet_time_us(std::string_view milliseconds) {
  const auto dot = milliseconds.find('.');
  const std::string_view whole_text = milliseconds.substr(0, dot);
  const std::string_view fraction_text =
      dot == std::string_view::npos ? std::string_view{} : milliseconds.substr(dot + 1);
  const auto whole = whole_text.empty() ? std::optional<std::uint32_t>{0}
                                        : sdp_text::parse_unsigned<std::uint32_t>(whole_text);
  const bool fraction_ok = std::all_of(fraction_text.begin(), fraction_text.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
  if (!whole || !fraction_ok || (whole_text.empty() && fraction_text.empty()) ||
      (dot != std::string_view::npos && fraction_text.empty()) || *whole > 1000000) {
    return refuse("ptime: must be a positive number of milliseconds");
  }
  std::uint64_t nanoseconds = 0;  // of the fraction
  std::uint64_t scale = 100000;
  for (char digit : fraction_text) {
    nanoseconds += static_cast<std::uint64_t>(digit - '0') * scale;
    scale /= 10;
  }
  const auto microseconds = static_cast<std::uint32_t>(*whole * 1000 + (nanoseconds + 500) / 1000);
  if (microseconds == 0) return refuse("ptime: must be a positive number of milliseconds");
  return microseconds;
}

std::string format_packet_time_ms(std::uint32_t packet_time_us) {
  std::string text = std::to_string(packet_time_us / 1000);
  const std::uint32_t fraction = packet_time_us % 1000;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text;
}

}  // namespace crosspoint::st2110
