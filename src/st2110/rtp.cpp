#include "crosspoint/st2110/rtp.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

Expected<RtpHeader, ParseError> parse_rtp(Bytes packet, std::size_t wire_length) {
  if (packet.size() < kRtpHeaderLength) return Unexpected{ParseError::kTruncatedRtp};
  const std::uint8_t* p = packet.data();
  if ((p[0] >> 6) != 2) return Unexpected{ParseError::kBadRtpVersion};
  RtpHeader out;
  out.padding = (p[0] & 0x20) != 0;
  out.extension = (p[0] & 0x10) != 0;
  out.csrc_count = p[0] & 0x0f;
  out.marker = (p[1] & 0x80) != 0;
  out.payload_type = p[1] & 0x7f;
  out.sequence = load_be16(p + 2);
  out.timestamp = load_be32(p + 4);
  out.ssrc = load_be32(p + 8);
  std::size_t at = kRtpHeaderLength + 4U * out.csrc_count;
  // Beyond the wire length a field is bad; within it but beyond the capture it is only cut off.
  const std::size_t wire = std::max(wire_length, packet.size());
  if (at > wire) return Unexpected{ParseError::kBadRtpCsrcCount};
  if (at > packet.size()) return Unexpected{ParseError::kTruncatedRtp};
  for (std::size_t i = 0; i < out.csrc_count; ++i) out.csrcs[i] = load_be32(p + kRtpHeaderLength + 4 * i);
  if (out.extension) {
    if (at + 4 > wire) return Unexpected{ParseError::kBadRtpExtension};
    if (at + 4 > packet.size()) return Unexpected{ParseError::kTruncatedRtp};
    out.extension_profile = load_be16(p + at);
    const std::size_t words = load_be16(p + at + 2);
    if (at + 4 + words * 4 > wire) return Unexpected{ParseError::kBadRtpExtension};
    if (at + 4 + words * 4 > packet.size()) return Unexpected{ParseError::kTruncatedRtp};
    out.extension_data = packet.subspan(at + 4, words * 4);
    at += 4 + words * 4;
  }
  out.header_length = at;
  // When the capture cut the end off, the padding count is not there to read.
  if (out.padding && packet.size() >= wire_length) {
    const std::size_t count = packet.back();
    if (count == 0 || count > packet.size() - at) return Unexpected{ParseError::kBadRtpPadding};
    out.padding_length = count;
  }
  return out;
}

std::size_t write_rtp(MutableBytes out, const RtpHeader& header) {
  const std::size_t length = kRtpHeaderLength + 4U * header.csrc_count;
  if (out.size() < length || header.csrc_count > 15) return 0;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | (header.padding ? 0x20 : 0) | header.csrc_count);
  p[1] = static_cast<std::uint8_t>((header.marker ? 0x80 : 0) | (header.payload_type & 0x7f));
  store_be16(p + 2, header.sequence);
  store_be32(p + 4, header.timestamp);
  store_be32(p + 8, header.ssrc);
  for (std::size_t i = 0; i < header.csrc_count; ++i) store_be32(p + kRtpHeaderLength + 4 * i, header.csrcs[i]);
  return length;
}

}  // namespace crosspoint::st2110
