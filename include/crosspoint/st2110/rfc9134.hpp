// The ST 2110-22 / RFC 9134 (JPEG XS) RTP payload header: the 4 octets before every packet's share of a
// packetization unit (a whole codestream, or one slice), and the codestream's first marker (SOC).
#pragma once

#include <cstdint>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::size_t kJpegXsPayloadHeaderLength = 4;
constexpr std::uint16_t kJpegXsStartOfCodestream = 0xff10;  // ISO/IEC 21122-1 SOC marker

enum class JpegXsPacketization : std::uint8_t { kCodestream, kSlice };  // K bit
enum class JpegXsScan : std::uint8_t { kProgressive, kReserved, kFirstField, kSecondField };  // I bits

struct JpegXsPayloadHeader {
  bool sequential = true;  // T: packets are sent in order (else out-of-order allowed)
  JpegXsPacketization packetization = JpegXsPacketization::kCodestream;
  bool last_in_unit = false;  // L: the last packet of its packetization unit
  JpegXsScan scan = JpegXsScan::kProgressive;
  std::uint8_t frame_counter = 0;  // F counter, 5 bits
  std::uint16_t sep_counter = 0;   // 11 bits: P counter wraps, or (slice mode) packetization units
  std::uint16_t packet_counter = 0;  // P counter, 11 bits

  // The packet's position in its frame when the SEP counter counts P wraps (codestream mode).
  [[nodiscard]] std::uint32_t packet_in_frame() const { return (std::uint32_t{sep_counter} << 11) | packet_counter; }
};

Expected<JpegXsPayloadHeader, ParseError> parse_jpeg_xs_header(Bytes payload);
std::size_t write_jpeg_xs_header(MutableBytes out, const JpegXsPayloadHeader& header);

// Whether the codestream data after the payload header starts a JPEG XS picture (the SOC marker).
bool starts_jpeg_xs_codestream(Bytes payload);

const char* to_string(JpegXsPacketization packetization);  // "codestream", "slice"

}  // namespace crosspoint::st2110
