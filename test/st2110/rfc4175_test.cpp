#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "crosspoint/st2110/rfc4175.hpp"

using namespace crosspoint::st2110;

namespace {

// Ext seq 0x1234; SRD 1: 1200 octets of line 539 in the second field from pixel 480, continuation set;
// SRD 2: 60 octets of line 540 from pixel 0.
std::vector<std::uint8_t> two_row_payload() {
  std::vector<std::uint8_t> payload = {0x12, 0x34,                    //
                                       0x04, 0xb0, 0x82, 0x1b, 0x81, 0xe0,  //
                                       0x00, 0x3c, 0x02, 0x1c, 0x00, 0x00};
  for (int i = 0; i < 1260; ++i) payload.push_back(static_cast<std::uint8_t>(i));
  return payload;
}

}  // namespace

TEST_CASE("an RFC 4175 header yields the extended sequence and every sample row header") {
  const auto payload = two_row_payload();
  auto header = parse_rfc4175_header(payload);
  REQUIRE(header.has_value());
  CHECK(header->extended_sequence == 0x1234);
  REQUIRE(header->row_count == 2);
  CHECK(header->rows[0] == SampleRowHeader{1200, true, 539, 480});
  CHECK(header->rows[1] == SampleRowHeader{60, false, 540, 0});
  CHECK(header->header_length == 14);
  CHECK(header->data_length() == 1260);
  CHECK(full_sequence(header->extended_sequence, 0xabcd) == 0x1234abcdU);
}

TEST_CASE("the RFC 4175 segments are spans of the payload in SRD order") {
  const auto payload = two_row_payload();
  auto parsed = parse_rfc4175(payload);
  REQUIRE(parsed.has_value());
  CHECK(parsed->segment_data[0].data() == payload.data() + 14);
  CHECK(parsed->segment_data[0].size() == 1200);
  CHECK(parsed->segment_data[1].data() == payload.data() + 14 + 1200);
  CHECK(parsed->segment_data[1].size() == 60);
}

TEST_CASE("an RFC 4175 header written is the header parsed") {
  const std::array<SampleRowHeader, 3> rows = {SampleRowHeader{180, false, 0, 1896},
                                               SampleRowHeader{900, false, 1, 0},
                                               SampleRowHeader{180, true, kMaxRowNumber, kMaxRowOffset}};
  std::array<std::uint8_t, 64> out{};
  const std::size_t written = write_rfc4175_header(out, 0xfffe, rows);
  REQUIRE(written == rfc4175_header_length(3));
  auto parsed = parse_rfc4175_header(out);
  REQUIRE(parsed.has_value());
  CHECK(parsed->extended_sequence == 0xfffe);
  REQUIRE(parsed->row_count == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(parsed->rows[i] == rows[i]);
  CHECK(parsed->header_length == written);
}

TEST_CASE("writing an RFC 4175 header refuses what it cannot encode") {
  std::array<std::uint8_t, 256> out{};
  const SampleRowHeader ok{10, false, 1, 2};
  CHECK(write_rfc4175_header(std::span(out).first(7), 0, std::span(&ok, 1)) == 0);
  CHECK(write_rfc4175_header(std::span(out).first(8), 0, std::span(&ok, 1)) == 8);
  CHECK(write_rfc4175_header(out, 0, std::span<const SampleRowHeader>{}) == 0);
  const SampleRowHeader line_too_big{10, false, 0x8000, 0};
  CHECK(write_rfc4175_header(out, 0, std::span(&line_too_big, 1)) == 0);
  const SampleRowHeader offset_too_big{10, false, 0, 0x8000};
  CHECK(write_rfc4175_header(out, 0, std::span(&offset_too_big, 1)) == 0);
  std::vector<SampleRowHeader> too_many(kMaxSampleRows + 1, ok);
  CHECK(write_rfc4175_header(out, 0, too_many) == 0);
}

TEST_CASE("an RFC 4175 header cut at every offset is refused as truncated") {
  const auto payload = two_row_payload();
  for (std::size_t cut = 0; cut < 14; ++cut) {
    INFO("cut at " << cut);
    auto header = parse_rfc4175_header(std::span(payload).first(cut));
    REQUIRE_FALSE(header.has_value());
    CHECK(header.error() == ParseError::kTruncatedPayloadHeader);
  }
  // With the headers whole, header parsing succeeds even when the data is cut (a capture's snap length),
  // while the full parse reports that the SRD lengths overrun the payload.
  for (std::size_t cut = 14; cut < payload.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK(parse_rfc4175_header(std::span(payload).first(cut)).has_value());
    auto parsed = parse_rfc4175(std::span(payload).first(cut));
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error() == ParseError::kBadPayloadHeader);
  }
  CHECK(parse_rfc4175(payload).has_value());
}

TEST_CASE("an RFC 4175 header whose continuation bits never end is refused") {
  std::vector<std::uint8_t> payload(2 + 6 * (kMaxSampleRows + 2), 0);
  for (std::size_t i = 0; i < kMaxSampleRows + 2; ++i) payload[2 + 6 * i + 4] = 0x80;
  auto header = parse_rfc4175_header(payload);
  REQUIRE_FALSE(header.has_value());
  CHECK(header.error() == ParseError::kBadPayloadHeader);
}
