#include "crosspoint/st2110/video_geometry.hpp"

#include "crosspoint/st2110/rfc4175.hpp"

namespace crosspoint::st2110 {

std::uint32_t VideoGeometry::lines_in_field(std::uint32_t field) const {
  if (field_count == 1) return field == 0 ? height : 0;
  return field == 0 ? (height + 1) / 2 : height / 2;
}

std::uint64_t VideoGeometry::frame_bytes() const {
  std::uint64_t total = 0;
  for (std::uint32_t field = 0; field < field_count; ++field) total += field_bytes(field);
  return total;
}

Expected<VideoGeometry, std::string> video_geometry(const VideoFormat& format) {
  const auto pgroup = pgroup_of(format.sampling, format.depth);
  if (!pgroup) return Unexpected{std::string("no ST 2110-20 pgroup for this sampling and depth")};
  VideoGeometry geometry;
  geometry.width = format.width;
  geometry.height = format.height;
  geometry.pgroup = *pgroup;
  geometry.field_count = (format.interlaced || format.segmented) ? 2 : 1;
  if (format.width == 0 || format.height == 0) return Unexpected{std::string("width and height must be positive")};
  if (format.width % pgroup->pixels_per_line() != 0) {
    return Unexpected{"width " + std::to_string(format.width) + " is not a whole number of pgroups of " +
                      std::to_string(pgroup->pixels_per_line()) + " pixels"};
  }
  for (std::uint32_t field = 0; field < geometry.field_count; ++field) {
    if (geometry.lines_in_field(field) % pgroup->lines != 0) {
      return Unexpected{std::string("4:2:0 needs an even number of lines in each field")};
    }
  }
  // Offsets name the segment's first pixel and rows the field's line: both must fit in 15 bits.
  if (format.width - pgroup->pixels_per_line() > kMaxRowOffset || geometry.rows_in_field(0) - 1 > kMaxRowNumber) {
    return Unexpected{std::string("frame too large for 15-bit SRD line numbers and offsets")};
  }
  return geometry;
}

}  // namespace crosspoint::st2110
