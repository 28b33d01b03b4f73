#include "crosspoint/st2110/rfc9134.hpp"

namespace crosspoint::st2110 {

Expected<JpegXsPayloadHeader, ParseError> parse_jpeg_xs_header(Bytes payload) {
  if (payload.size() < kJpegXsPayloadHeaderLength) return Unexpected{ParseError::kTruncatedPayloadHeader};
  const std::uint32_t word = (std::uint32_t{payload[0]} << 24) | (std::uint32_t{payload[1]} << 16) |
                             (std::uint32_t{payload[2]} << 8) | payload[3];
  JpegXsPayloadHeader header;
  header.sequential = (word >> 31) & 1;
  header.packetization = ((word >> 30) & 1) != 0 ? JpegXsPacketization::kSlice : JpegXsPacketization::kCodestream;
  header.last_in_unit = (word >> 29) & 1;
  header.scan = static_cast<JpegXsScan>((word >> 27) & 3);
  header.frame_counter = static_cast<std::uint8_t>((word >> 22) & 0x1f);
  header.sep_counter = static_cast<std::uint16_t>((word >> 11) & 0x7ff);
  header.packet_counter = static_cast<std::uint16_t>(word & 0x7ff);
  if (header.scan == JpegXsScan::kReserved) return Unexpected{ParseError::kBadPayloadHeader};
  return header;
}

std::size_t write_jpeg_xs_header(MutableBytes out, const JpegXsPayloadHeader& header) {
  if (out.size() < kJpegXsPayloadHeaderLength) return 0;
  const std::uint32_t word = (std::uint32_t{header.sequential} << 31) |
                             (std::uint32_t{header.packetization == JpegXsPacketization::kSlice} << 30) |
                             (std::uint32_t{header.last_in_unit} << 29) |
                             (std::uint32_t{static_cast<std::uint8_t>(header.scan)} << 27) |
                             (std::uint32_t{header.frame_counter & 0x1fU} << 22) |
                             (std::uint32_t{header.sep_counter & 0x7ffU} << 11) | (header.packet_counter & 0x7ffU);
  out[0] = static_cast<std::uint8_t>(word >> 24);
  out[1] = static_cast<std::uint8_t>(word >> 16);
  out[2] = static_cast<std::uint8_t>(word >> 8);
  out[3] = static_cast<std::uint8_t>(word);
  return kJpegXsPayloadHeaderLength;
}

bool starts_jpeg_xs_codestream(Bytes payload) {
  return payload.size() >= kJpegXsPayloadHeaderLength + 2 &&
         ((std::uint16_t{payload[4]} << 8) | payload[5]) == kJpegXsStartOfCodestream;
}

const char* to_string(JpegXsPacketization packetization) {
  return packetization == JpegXsPacketization::kSlice ? "slice" : "codestream";
}

}  // namespace crosspoint::st2110
