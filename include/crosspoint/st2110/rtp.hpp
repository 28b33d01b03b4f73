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

// Where a count of unwrapped sequence numbers starts: the first number seen counts kSequenceCountOrigin +
// sequence, high enough that packets sent before it (even across a wrap) still count above zero. A multiple
// of 2^32, so a count and its sequence number agree in their low 16 (or 32) bits.
inline constexpr std::uint64_t kSequenceCountOrigin = std::uint64_t{1} << 40;

// Unwraps a `sequence_bits`-wide sequence number (16: RTP's; 32: RTP's with RFC 4175's extended sequence
// number above it) to the 64-bit count nearest `reference`, a count this function gave before: a step of
// less than half the sequence space either way. Inline: the data path unwraps every packet.
[[nodiscard]] constexpr std::uint64_t unwrap_sequence(std::uint32_t sequence, unsigned sequence_bits,
                                                      std::uint64_t reference) {
  std::int64_t delta = 0;
  if (sequence_bits == 16) {
    delta = static_cast<std::int16_t>(static_cast<std::uint16_t>(sequence - static_cast<std::uint32_t>(reference)));
  } else {
    delta = static_cast<std::int32_t>(sequence - static_cast<std::uint32_t>(reference));
  }
  // Stay above zero near the start of the count: a backward step there is simply "old".
  if (delta < 0 && static_cast<std::uint64_t>(-delta) > reference) return 0;
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(reference) + delta);
}

// RFC 3550 appendix A.1 style unwrapping of one flow's 16-bit sequence numbers, tolerating reordering within
// half the sequence space: each number is placed around the highest count so far; compare counts, not
// sequence numbers.
class ExtendedSequence {
 public:
  constexpr std::uint64_t extend(std::uint16_t sequence) {
    const std::uint64_t extended =
        highest_ ? unwrap_sequence(sequence, 16, *highest_) : kSequenceCountOrigin + sequence;
    if (!highest_ || extended > *highest_) highest_ = extended;
    return extended;
  }
  [[nodiscard]] constexpr std::optional<std::uint64_t> highest() const { return highest_; }

 private:
  std::optional<std::uint64_t> highest_;
};

}  // namespace crosspoint::st2110
