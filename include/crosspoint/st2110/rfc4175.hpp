// The ST 2110-20 / RFC 4175 payload header: the high 16 bits of the sequence number, then one sample row
// data header (SRD) per row segment the packet carries, then the segments' pixel data in the same order.
// The engine parses this per packet: header parsing touches only the header octets and never allocates.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::size_t kRfc4175ExtendedSequenceLength = 2;
constexpr std::size_t kSampleRowHeaderLength = 6;
// More SRDs than any sender uses (real ones carry one to three); a header claiming more is refused.
constexpr std::size_t kMaxSampleRows = 16;
constexpr std::uint16_t kMaxRowNumber = 0x7fff;
constexpr std::uint16_t kMaxRowOffset = 0x7fff;

// One SRD: `length` octets of row `line` (of the field when `second_field` says which) from pixel `offset`.
struct SampleRowHeader {
  std::uint16_t length = 0;   // octets of sample data, whole pgroups
  bool second_field = false;  // F: the row belongs to the second field (interlaced or PsF)
  std::uint16_t line = 0;     // row number, 15 bits; for 4:2:0 the first line of the pair
  std::uint16_t offset = 0;   // pixel offset of the segment's first pgroup in the row, 15 bits
  friend constexpr bool operator==(const SampleRowHeader&, const SampleRowHeader&) = default;
};

struct Rfc4175Header {
  std::uint16_t extended_sequence = 0;  // high half of the 32-bit sequence number
  std::uint8_t row_count = 0;
  std::array<SampleRowHeader, kMaxSampleRows> rows{};
  std::size_t header_length = 0;  // octets before the first segment's data

  [[nodiscard]] std::span<const SampleRowHeader> row_headers() const { return {rows.data(), row_count}; }
  // Sample data octets the SRDs announce.
  [[nodiscard]] std::size_t data_length() const;
};

// The 32-bit sequence number of RFC 4175: extended_sequence above the RTP sequence.
constexpr std::uint32_t full_sequence(std::uint16_t extended_sequence, std::uint16_t rtp_sequence) {
  return (static_cast<std::uint32_t>(extended_sequence) << 16) | rtp_sequence;
}

// Reads the extended sequence number and the SRDs only; the data may be cut off (a capture's snap length).
Expected<Rfc4175Header, ParseError> parse_rfc4175_header(Bytes payload);

// A payload whose data is all there: each segment's octets as a span of the payload.
struct Rfc4175Payload {
  Rfc4175Header header;
  std::array<Bytes, kMaxSampleRows> segment_data{};
};

// As parse_rfc4175_header, and the announced data must fit in `payload` (kBadPayloadHeader otherwise).
Expected<Rfc4175Payload, ParseError> parse_rfc4175(Bytes payload);

// Writes the extended sequence and SRDs (continuation bits set as the count says); returns the octets
// written, or 0 when `out` is too small, `rows` is empty or longer than kMaxSampleRows, or a field is too wide.
std::size_t write_rfc4175_header(MutableBytes out, std::uint16_t extended_sequence,
                                 std::span<const SampleRowHeader> rows);

// Octets of a payload header carrying `row_count` SRDs.
constexpr std::size_t rfc4175_header_length(std::size_t row_count) {
  return kRfc4175ExtendedSequenceLength + kSampleRowHeaderLength * row_count;
}

}  // namespace crosspoint::st2110
