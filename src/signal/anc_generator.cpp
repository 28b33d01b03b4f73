#include "crosspoint/signal/anc_generator.hpp"

#include <algorithm>
#include <string_view>

#include "crosspoint/st2110/media_clock.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

constexpr Nanoseconds kSendOffsetNs = 100'000;  // ANC leaves 100 us after the frame's epoch instant
constexpr std::uint8_t kTimecodeDid = 0x60, kTimecodeSdid = 0x60;
constexpr std::uint8_t kCaptionDid = 0x61, kCaptionSdid = 0x01;

std::uint8_t with_odd_parity(char c) {
  auto value = static_cast<std::uint8_t>(c & 0x7f);
  int ones = 0;
  for (std::uint8_t v = value; v != 0; v >>= 1) ones += v & 1;
  return static_cast<std::uint8_t>(ones % 2 == 0 ? value | 0x80 : value);
}

struct CdpRate {
  std::uint8_t code;
  std::uint8_t cc_count;
};

CdpRate cdp_rate(Rational rate) {
  const double fps = rate.to_double();
  if (fps < 24.5) return {static_cast<std::uint8_t>(rate.denominator == 1001 ? 1 : 2), 25};
  if (fps < 26) return {3, 24};
  if (fps < 31) return {static_cast<std::uint8_t>(rate.denominator == 1001 ? 4 : 5), 20};
  if (fps < 51) return {6, 12};
  return {static_cast<std::uint8_t>(rate.denominator == 1001 ? 7 : 8), 10};
}

}  // namespace

std::array<std::uint16_t, 16> timecode_user_words(std::uint32_t hours, std::uint32_t minutes, std::uint32_t seconds,
                                                  std::uint32_t frames) {
  // Time address nibbles in LTC order, binary groups zero; each rides in b7..b4 of its word.
  const std::array<std::uint32_t, 16> nibbles{frames % 10, 0, frames / 10 % 4, 0, seconds % 10, 0, seconds / 10 % 8, 0,
                                              minutes % 10, 0, minutes / 10 % 8, 0, hours % 10, 0, hours / 10 % 4, 0};
  std::array<std::uint16_t, 16> words{};
  for (std::size_t i = 0; i < words.size(); ++i) {
    words[i] = anc_word_with_parity(static_cast<std::uint8_t>(nibbles[i] << 4));
  }
  return words;
}

std::vector<std::uint16_t> caption_cdp_user_words(Rational frame_rate, std::uint16_t sequence, char first,
                                                  char second) {
  const CdpRate rate = cdp_rate(frame_rate);
  std::vector<std::uint8_t> cdp;
  cdp.push_back(0x96);
  cdp.push_back(0x69);
  cdp.push_back(static_cast<std::uint8_t>(13 + 3 * rate.cc_count));  // cdp_length, header to checksum
  cdp.push_back(static_cast<std::uint8_t>((rate.code << 4) | 0x0f));
  cdp.push_back(0x43);  // ccdata_present, caption_service_active, reserved
  cdp.push_back(static_cast<std::uint8_t>(sequence >> 8));
  cdp.push_back(static_cast<std::uint8_t>(sequence));
  cdp.push_back(0x72);  // ccdata_id
  cdp.push_back(static_cast<std::uint8_t>(0xe0 | rate.cc_count));
  for (std::uint8_t i = 0; i < rate.cc_count; ++i) {
    if (i == 0) {
      cdp.push_back(0xfc);  // valid CEA-608 field 1 pair
      cdp.push_back(with_odd_parity(first));
      cdp.push_back(with_odd_parity(second));
    } else {
      cdp.push_back(0xfa);  // not valid: padding
      cdp.push_back(0x00);
      cdp.push_back(0x00);
    }
  }
  cdp.push_back(0x74);  // cdp_footer_id
  cdp.push_back(static_cast<std::uint8_t>(sequence >> 8));
  cdp.push_back(static_cast<std::uint8_t>(sequence));
  unsigned sum = 0;
  for (const std::uint8_t b : cdp) sum += b;
  cdp.push_back(static_cast<std::uint8_t>((256 - sum % 256) % 256));
  std::vector<std::uint16_t> words;
  words.reserve(cdp.size());
  for (const std::uint8_t b : cdp) words.push_back(anc_word_with_parity(b));
  return words;
}

Expected<std::unique_ptr<AncGenerator>, std::string> AncGenerator::create(const AncFlowSpec& spec) {
  if (spec.format.exact_frame_rate.numerator <= 0 || spec.format.exact_frame_rate.denominator <= 0) {
    return Unexpected{std::string("ancillary: the frame rate must be positive")};
  }
  return std::unique_ptr<AncGenerator>(new AncGenerator(spec));
}

AncGenerator::AncGenerator(const AncFlowSpec& spec) : spec_(spec) {
  first_frame_ = frame_at(next_frame_boundary(spec.start, spec.format.exact_frame_rate), spec.format.exact_frame_rate);
  frame_buffer_.resize(1500);
}

bool AncGenerator::next(GeneratedPacket& packet) {
  const std::uint32_t fields = spec_.format.interlaced ? 2 : 1;
  if (sent_ >= std::uint64_t{spec_.frames} * fields) return false;
  const Rational frame_rate = spec_.format.exact_frame_rate;
  const Rational unit_rate = Rational{frame_rate.numerator * fields, frame_rate.denominator}.reduced();
  const std::uint64_t frame = first_frame_ + sent_ / fields;
  const std::uint64_t unit = frame * fields + sent_ % fields;
  const std::uint32_t field = static_cast<std::uint32_t>(sent_ % fields);

  // Timecode from the frame count since the epoch: whole-second frame counts, non-drop, wrapping at 24 h.
  const auto nominal_fps = static_cast<std::uint64_t>(
      (frame_rate.numerator + frame_rate.denominator - 1) / frame_rate.denominator);
  const std::uint64_t timecode_fps = nominal_fps > 30 ? nominal_fps / 2 : nominal_fps;
  const std::uint64_t timecode_frame = (nominal_fps > 30 ? frame / 2 : frame) % (timecode_fps * 86400);
  const std::uint64_t total_seconds = timecode_frame / timecode_fps;

  AncPacket packets[2];
  AncPacket& timecode = packets[0];
  timecode.line = static_cast<std::uint16_t>(field == 0 ? 9 : 571);
  timecode.did = kTimecodeDid;
  timecode.sdid = kTimecodeSdid;
  const auto tc = timecode_user_words(static_cast<std::uint32_t>(total_seconds / 3600),
                                      static_cast<std::uint32_t>(total_seconds / 60 % 60),
                                      static_cast<std::uint32_t>(total_seconds % 60),
                                      static_cast<std::uint32_t>(timecode_frame % timecode_fps));
  timecode.data_count = static_cast<std::uint8_t>(tc.size());
  std::copy(tc.begin(), tc.end(), timecode.user_data.begin());

  AncPacket& caption = packets[1];
  caption.line = static_cast<std::uint16_t>(field == 0 ? 10 : 572);
  caption.did = kCaptionDid;
  caption.sdid = kCaptionSdid;
  static constexpr std::string_view kText = "CROSSPOINT ST 2110 ";
  const std::size_t at = (sent_ * 2) % kText.size();
  const auto cdp = caption_cdp_user_words(frame_rate, static_cast<std::uint16_t>(sent_), kText[at],
                                          kText[(at + 1) % kText.size()]);
  caption.data_count = static_cast<std::uint8_t>(cdp.size());
  std::copy(cdp.begin(), cdp.end(), caption.user_data.begin());

  const auto sequence = static_cast<std::uint32_t>(spec_.first_sequence + sent_);
  const AncField anc_field = !spec_.format.interlaced ? AncField::kProgressive
                             : field == 0             ? AncField::kFirstField
                                                      : AncField::kSecondField;
  // Headers need the payload length: write the payload first, behind where the headers go.
  MutableBytes out(frame_buffer_);
  const std::size_t payload =
      write_anc_payload(out.subspan(kRtpFrameHeaderLength), static_cast<std::uint16_t>(sequence >> 16), anc_field,
                        packets);
  RtpHeader rtp;
  rtp.marker = true;
  rtp.payload_type = spec_.address.payload_type;
  rtp.sequence = static_cast<std::uint16_t>(sequence);
  rtp.timestamp = rtp_timestamp_of_frame(unit_rate, unit, kVideoClockRate);
  rtp.ssrc = spec_.address.ssrc;
  write_rtp_frame_headers(out, spec_.address, rtp, payload, static_cast<std::uint16_t>(sent_));

  packet.send_time_ns = static_cast<Nanoseconds>(frame_epoch_instant(unit_rate, unit).to_nanos()) + kSendOffsetNs;
  packet.index = sent_;
  packet.frame = std::span<const std::uint8_t>(frame_buffer_.data(), kRtpFrameHeaderLength + payload);
  ++sent_;
  return true;
}

}  // namespace crosspoint::cap
