// How a video frame's samples lie in RFC 4175 rows: rows per field (line pairs for 4:2:0), octets per row
// and per field, for progressive frames and for interlaced or PsF frames sent as two fields.
#pragma once

#include <cstdint>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/pgroup.hpp"

namespace crosspoint::st2110 {

struct VideoGeometry {
  std::uint32_t width = 0;
  std::uint32_t height = 0;     // lines of the whole frame
  Pgroup pgroup;
  std::uint8_t field_count = 1; // 2 when interlaced or segmented: the second field sets the SRD F bit

  // Lines of field 0 or 1 (the first field takes the odd line of an odd height); the frame when progressive.
  [[nodiscard]] std::uint32_t lines_in_field(std::uint32_t field) const;
  // SRD rows of a field: its lines, or its line pairs for 4:2:0.
  [[nodiscard]] std::uint32_t rows_in_field(std::uint32_t field) const {
    return lines_in_field(field) / pgroup.lines;
  }
  [[nodiscard]] std::uint32_t pgroups_per_row() const { return width / pgroup.pixels_per_line(); }
  [[nodiscard]] std::uint32_t row_bytes() const { return pgroups_per_row() * pgroup.bytes; }
  [[nodiscard]] std::uint64_t field_bytes(std::uint32_t field) const {
    return static_cast<std::uint64_t>(rows_in_field(field)) * row_bytes();
  }
  [[nodiscard]] std::uint64_t frame_bytes() const;
  // The pixel offset (SRD offset) of the pgroup that starts `byte_in_row` octets into a row.
  [[nodiscard]] std::uint32_t pixel_offset_of(std::uint32_t byte_in_row) const {
    return byte_in_row / pgroup.bytes * pgroup.pixels_per_line();
  }
  friend bool operator==(const VideoGeometry&, const VideoGeometry&) = default;
};

// Checks that the format can be carried: a known pgroup, a width of whole pgroups, whole line pairs per
// field for 4:2:0, rows and offsets within the SRD's 15 bits.
Expected<VideoGeometry, std::string> video_geometry(const VideoFormat& format);

}  // namespace crosspoint::st2110
