// ST 2110-10 section 8 / RFC 7273: `a=ts-refclk:` and `a=mediaclk:`.
#include "crosspoint/st2110/sdp_clock.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

#include "crosspoint/st2110/sdp_error.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

constexpr std::string_view kPtpPrefix = "ptp=";
constexpr std::string_view kLocalMacPrefix = "localmac=";
constexpr std::string_view kDirectPrefix = "direct=";
constexpr std::array<std::string_view, 4> kPtpVersions{"IEEE1588-2002", "IEEE1588-2008", "IEEE1588-2019",
                                                       "IEEE802.1AS-2011"};

// "AA-BB-..." with `count` octets of two hex digits each; '-' between octets.
template <std::size_t Count>
std::optional<std::array<std::uint8_t, Count>> parse_dashed_hex(std::string_view text) {
  if (text.size() != Count * 3 - 1) return std::nullopt;
  std::array<std::uint8_t, Count> octets{};
  for (std::size_t i = 0; i < Count; ++i) {
    if (i > 0 && text[i * 3 - 1] != '-') return std::nullopt;
    const char* begin = text.data() + i * 3;
    unsigned value = 0;
    const auto [next, error] = std::from_chars(begin, begin + 2, value, 16);
    if (error != std::errc{} || next != begin + 2) return std::nullopt;
    octets[i] = static_cast<std::uint8_t>(value);
  }
  return octets;
}

template <std::size_t Count>
std::string format_dashed_hex(const std::array<std::uint8_t, Count>& octets) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  std::string text;
  for (std::size_t i = 0; i < Count; ++i) {
    if (i > 0) text += '-';
    text += kDigits[octets[i] >> 4];
    text += kDigits[octets[i] & 0x0f];
  }
  return text;
}

Expected<ReferenceClock, std::string> parse_ptp_clock(std::string_view text) {
  PtpReferenceClock clock;
  const auto colon = text.find(':');
  clock.version = std::string{text.substr(0, colon)};
  if (std::find(kPtpVersions.begin(), kPtpVersions.end(), clock.version) == kPtpVersions.end()) {
    return refuse("ts-refclk: unknown PTP version '" + clock.version + "'");
  }
  if (colon == std::string_view::npos) return refuse("ts-refclk: ptp needs a grandmaster or 'traceable'");
  const std::string_view server = text.substr(colon + 1);
  if (server == "traceable") return ReferenceClock{clock};
  const auto domain_colon = server.find(':');
  const auto grandmaster = PtpGrandmasterId::parse(server.substr(0, domain_colon));
  if (!grandmaster) {
    return refuse("ts-refclk: grandmaster must be an EUI-64 such as 08-00-11-FF-FE-21-E4-30, got '" +
                      std::string{server.substr(0, domain_colon)} + "'");
  }
  clock.grandmaster = *grandmaster;
  if (domain_colon != std::string_view::npos) {
    const auto domain = sdp_text::parse_unsigned<std::uint8_t>(server.substr(domain_colon + 1));
    if (!domain || *domain > 127) return refuse("ts-refclk: PTP domain must be an integer from 0 to 127");
    clock.domain = *domain;
  }
  return ReferenceClock{clock};
}

}  // namespace

std::optional<PtpGrandmasterId> PtpGrandmasterId::parse(std::string_view text) {
  const auto octets = parse_dashed_hex<8>(text);
  if (!octets) return std::nullopt;
  return PtpGrandmasterId{*octets};
}

std::string PtpGrandmasterId::to_string() const { return format_dashed_hex(octets); }

Expected<ReferenceClock, std::string> parse_reference_clock(std::string_view value) {
  value = sdp_text::trim(value);
  if (value.starts_with(kPtpPrefix)) return parse_ptp_clock(value.substr(kPtpPrefix.size()));
  if (value.starts_with(kLocalMacPrefix)) {
    const auto octets = parse_dashed_hex<6>(value.substr(kLocalMacPrefix.size()));
    if (!octets) return refuse("ts-refclk: localmac must be a MAC such as 7C-E9-D3-1B-9A-AF");
    return ReferenceClock{LocalMacReferenceClock{MacAddress{*octets}}};
  }
  return refuse("ts-refclk: unsupported clock source '" + std::string{value} + "'");
}

std::string format_reference_clock(const ReferenceClock& clock) {
  if (const auto* local = std::get_if<LocalMacReferenceClock>(&clock)) {
    return std::string{kLocalMacPrefix} + format_dashed_hex(local->mac.octets);
  }
  const auto& ptp = std::get<PtpReferenceClock>(clock);
  std::string text = std::string{kPtpPrefix} + ptp.version + ":";
  if (ptp.traceable()) return text + "traceable";
  text += ptp.grandmaster->to_string();
  if (ptp.domain) text += ":" + std::to_string(*ptp.domain);
  return text;
}

Expected<MediaClock, std::string> parse_media_clock(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  if (words.empty()) return refuse("mediaclk: empty");
  if (words.front() == "sender") return MediaClock{MediaClock::Mode::kSender, 0};
  if (!words.front().starts_with(kDirectPrefix)) {
    return refuse("mediaclk: unsupported mode '" + std::string{words.front()} + "'");
  }
  // A trailing `rate=` (RFC 7273) is allowed; ST 2110 media clocks run at the RTP clock rate anyway.
  const auto offset = sdp_text::parse_unsigned<std::uint32_t>(words.front().substr(kDirectPrefix.size()));
  if (!offset) return refuse("mediaclk: direct offset must be an integer from 0 to 4294967295");
  return MediaClock{MediaClock::Mode::kDirect, *offset};
}

std::string format_media_clock(const MediaClock& clock) {
  if (clock.mode == MediaClock::Mode::kSender) return "sender";
  return std::string{kDirectPrefix} + std::to_string(clock.offset);
}

}  // namespace crosspoint::st2110
