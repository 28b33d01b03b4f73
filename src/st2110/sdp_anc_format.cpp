// ST 2110-40 (RFC 8331): the fmtp parameters of `smpte291/90000`.
#include <charconv>
#include <string>
#include <string_view>

#include "crosspoint/st2110/sdp_fmtp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

std::optional<std::uint8_t> parse_hex_byte(std::string_view text) {
  if (text.size() < 3 || text.size() > 4 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  unsigned value = 0;
  const char* const end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data() + 2, end, value, 16);
  if (error != std::errc{} || next != end || value > 0xff) return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

// "{0x61,0x01}"
std::optional<AncDataId> parse_data_id(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  text = text.substr(1, text.size() - 2);
  const auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  const auto did = parse_hex_byte(sdp_text::trim(text.substr(0, comma)));
  const auto sdid = parse_hex_byte(sdp_text::trim(text.substr(comma + 1)));
  if (!did || !sdid) return std::nullopt;
  return AncDataId{*did, *sdid};
}

std::string hex_byte(std::uint8_t value) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  return std::string{"0x"} + kDigits[value >> 4] + kDigits[value & 0x0f];
}

}  // namespace

Expected<AncFormat, std::string> parse_anc_fmtp(std::string_view parameters) {
  auto split = split_fmtp_parameters(parameters);
  if (!split) return Unexpected{split.error()};
  AncFormat format;
  for (const FmtpParameter& parameter : split.value()) {
    const std::string_view value = parameter.value.value_or(std::string_view{});
    if (parameter.name == "DID_SDID") {
      const auto id = parse_data_id(value);
      if (!id) return refuse("fmtp: DID_SDID must be {0xNN,0xNN}, got '" + std::string{value} + "'");
      format.data_ids.push_back(*id);
    } else if (parameter.name == "VPID_Code") {
      const auto code = sdp_text::parse_unsigned<std::uint8_t>(value);
      if (!code) return refuse("fmtp: VPID_Code must be an integer from 0 to 255");
      format.vpid_code = *code;
    } else if (parameter.name == "exactframerate") {
      const auto rate = sdp_text::parse_positive_rational(value, '/');
      if (!rate) return refuse("fmtp: exactframerate must be an integer or a ratio such as 60000/1001");
      format.exact_frame_rate = *rate;
    } else if (parameter.name == "interlace") {
      format.interlaced = !parameter.value || value == "1";
    }
  }
  return format;
}

std::string format_anc_fmtp(const AncFormat& format) {
  std::string out;
  for (const AncDataId& id : format.data_ids) {
    out += "DID_SDID={" + hex_byte(id.did) + "," + hex_byte(id.sdid) + "}; ";
  }
  if (format.vpid_code) out += "VPID_Code=" + std::to_string(*format.vpid_code) + "; ";
  out += "exactframerate=" + format.exact_frame_rate.reduced().to_string() + "; ";
  if (format.interlaced) out += "interlace; ";
  return out;
}

}  // namespace crosspoint::st2110
