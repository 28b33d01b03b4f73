// RTP fixed header, CSRCs, header extension and padding (RFC 3550 section 5.1), and extended sequence
// numbers that survive the 16-bit wrap.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::size_t kRtpHeaderLength = 12;

struct RtpHeader {
  bool padding = false;
  bool extension = false;
  bool marker = false;
  std::uint8_t payload_type = 96;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::uint8_t csrc_count = 0;
  std::array<std::uint32_t, 15> csrcs{};
  std::uint16_t extension_profile = 0;
  Bytes extension_data;            // the extension's words, after its 4-byte header
  std::size_t header_length = kRtpHeaderLength;  // fixed header + CSRCs + extension
  std::size_t padding_length = 0;  // bytes at the end of the packet, including the count octet
};

// `packet` is the whole UDP payload; the RTP payload is packet[header_length, size - padding_length). For a
// capture cut by its snap length, `packet` holds the first octets of `wire_length`: the header (CSRCs,
// extension) must be whole; when the end is missing the padding count is unknown and padding_length is 0.
Expected<RtpHeader, ParseError> parse_rtp(Bytes packet, std::size_t wire_length = kWholePacket);
// Writes the fixed header and CSRCs (no extension, no padding); returns the bytes written or 0.
std::size_t write_rtp(MutableBytes out, const RtpHeader& header);

// RFC 3550 appendix A.1 style unwrapping: 16-bit sequence numbers to a 64-bit count, tolerating reordering
// within half the sequence space. The first number seen lands in cycle 1 (2^16 + sequence), so a packet
// that was sent before it, even across the wrap, still counts lower; compare counts, not sequence numbers.
class ExtendedSequence {
 public:
  std::uint64_t extend(std::uint16_t sequence);
  [[nodiscard]] std::optional<std::uint64_t> highest() const { return highest_; }

 private:
  std::optional<std::uint64_t> highest_;
};

}  // namespace crosspoint::st2110
