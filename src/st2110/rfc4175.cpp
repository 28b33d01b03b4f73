#include "crosspoint/st2110/rfc4175.hpp"

namespace crosspoint::st2110 {

std::size_t Rfc4175Header::data_length() const {
  std::size_t total = 0;
  for (const auto& row : row_headers()) total += row.length;
  return total;
}

Expected<Rfc4175Header, ParseError> parse_rfc4175_header(Bytes payload) {
  if (payload.size() < rfc4175_header_length(1)) return Unexpected{ParseError::kTruncatedPayloadHeader};
  const std::uint8_t* p = payload.data();
  Rfc4175Header header;
  header.extended_sequence = load_be16(p);
  std::size_t at = kRfc4175ExtendedSequenceLength;
  bool continuation = true;
  while (continuation) {
    if (header.row_count == kMaxSampleRows) return Unexpected{ParseError::kBadPayloadHeader};
    if (at + kSampleRowHeaderLength > payload.size()) return Unexpected{ParseError::kTruncatedPayloadHeader};
    const std::uint16_t field_line = load_be16(p + at + 2);
    const std::uint16_t continuation_offset = load_be16(p + at + 4);
    SampleRowHeader& row = header.rows[header.row_count++];
    row.length = load_be16(p + at);
    row.second_field = (field_line & 0x8000) != 0;
    row.line = field_line & kMaxRowNumber;
    row.offset = continuation_offset & kMaxRowOffset;
    continuation = (continuation_offset & 0x8000) != 0;
    at += kSampleRowHeaderLength;
  }
  header.header_length = at;
  return header;
}

Expected<Rfc4175Payload, ParseError> parse_rfc4175(Bytes payload) {
  auto header = parse_rfc4175_header(payload);
  if (!header) return Unexpected{header.error()};
  Rfc4175Payload parsed;
  parsed.header = *header;
  std::size_t at = parsed.header.header_length;
  for (std::size_t i = 0; i < parsed.header.row_count; ++i) {
    const std::size_t length = parsed.header.rows[i].length;
    if (length > payload.size() - at) return Unexpected{ParseError::kBadPayloadHeader};
    parsed.segment_data[i] = payload.subspan(at, length);
    at += length;
  }
  return parsed;
}

std::size_t write_rfc4175_header(MutableBytes out, std::uint16_t extended_sequence,
                                 std::span<const SampleRowHeader> rows) {
  const std::size_t length = rfc4175_header_length(rows.size());
  if (rows.empty() || rows.size() > kMaxSampleRows || out.size() < length) return 0;
  for (const auto& row : rows) {
    if (row.line > kMaxRowNumber || row.offset > kMaxRowOffset) return 0;
  }
  std::uint8_t* p = out.data();
  store_be16(p, extended_sequence);
  std::size_t at = kRfc4175ExtendedSequenceLength;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool continuation = i + 1 < rows.size();
    store_be16(p + at, rows[i].length);
    store_be16(p + at + 2, static_cast<std::uint16_t>((rows[i].second_field ? 0x8000 : 0) | rows[i].line));
    store_be16(p + at + 4, static_cast<std::uint16_t>((continuation ? 0x8000 : 0) | rows[i].offset));
    at += kSampleRowHeaderLength;
  }
  return length;
}

}  // namespace crosspoint::st2110
