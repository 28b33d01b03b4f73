// RFC 4175 payload headers and pgroups: the first four octets pick a video format (sampling, depth, width,
// height: the geometry's pgroup arithmetic meets any values), the rest is a payload. The header's SRDs are
// within bounds; a whole payload's segments lie in it, back to back after the header.
#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/pgroup.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/video_geometry.hpp"
#include "fuzz_check.hpp"

using namespace crosspoint::st2110;
using crosspoint::fuzz::inside;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  VideoFormat format;
  format.sampling = static_cast<Sampling>(data[0] % 12);
  format.depth = static_cast<Depth>(data[1] % 5);
  format.width = static_cast<std::uint32_t>(data[2]) * 64 + (data[0] >> 4);
  format.height = static_cast<std::uint32_t>(data[3]) * 32 + (data[1] >> 3);
  format.interlaced = (data[1] & 0x80) != 0;
  const Bytes payload{data + 4, size - 4};

  const auto geometry = video_geometry(format);
  if (geometry) {
    const auto pgroup = pgroup_of(format.sampling, format.depth);
    FUZZ_REQUIRE(pgroup && geometry->pgroup == *pgroup);
    FUZZ_REQUIRE(geometry->row_bytes() % pgroup->bytes == 0);
    FUZZ_REQUIRE(geometry->pgroups_per_row() * pgroup->pixels_per_line() == format.width);
    FUZZ_REQUIRE(geometry->rows_in_field(0) >= 1);
  }

  const auto header = parse_rfc4175_header(payload);
  if (header) {
    FUZZ_REQUIRE(header->row_count >= 1 && header->row_count <= kMaxSampleRows);
    FUZZ_REQUIRE(header->header_length == rfc4175_header_length(header->row_count));
    FUZZ_REQUIRE(header->header_length <= payload.size());
    for (const SampleRowHeader& row : header->row_headers()) {
      FUZZ_REQUIRE(row.line <= kMaxRowNumber && row.offset <= kMaxRowOffset);
      if (geometry) (void)geometry->pixel_offset_of(row.length);
    }
  }
  const auto whole = parse_rfc4175(payload);
  if (whole) {
    FUZZ_REQUIRE(header.has_value());
    FUZZ_REQUIRE(whole->header.header_length == header->header_length);
    std::size_t at = whole->header.header_length;
    for (std::size_t s = 0; s < whole->header.row_count; ++s) {
      const Bytes segment = whole->segment_data[s];
      FUZZ_REQUIRE(inside(segment, payload));
      FUZZ_REQUIRE(segment.size() == whole->header.rows[s].length);
      FUZZ_REQUIRE(segment.empty() || segment.data() == payload.data() + at);
      at += segment.size();
    }
    FUZZ_REQUIRE(at - whole->header.header_length == whole->header.data_length());
    FUZZ_REQUIRE(at <= payload.size());
  }
  return 0;
}
