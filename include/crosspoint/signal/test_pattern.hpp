// The picture crosspoint-cap sends: eight colour bars that move to the right every frame over the top three
// quarters, and a grey ramp that changes with the line and the frame below. Every sample is a function of
// (frame, x, line), so a receiver's decoded pixels can be checked exactly.
#pragma once

#include <array>
#include <cstdint>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/video_geometry.hpp"

namespace crosspoint::cap {

// The three components of a pixel at the format's depth: {Y', C'b, C'r} for the YCbCr-like samplings,
// {R, G, B} for RGB (and X, Y, Z for XYZ); KEY uses the first.
using PixelComponents = std::array<std::uint16_t, 3>;

class TestPattern {
 public:
  TestPattern(const st2110::VideoGeometry& geometry, st2110::Sampling sampling, st2110::Depth depth);

  // The pixel at column x of frame line `line` (0-based over the whole frame) of frame number `frame`.
  // Chroma of subsampled formats is that of the pair's (or quad's) top-left pixel.
  [[nodiscard]] PixelComponents pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const;

  // Writes the RFC 4175 rows of `field` (0 when progressive) of frame `frame` into `out`, which holds
  // geometry.field_bytes(field) octets: row r starts at r x row_bytes().
  void render_field(std::uint64_t frame, std::uint32_t field, st2110::MutableBytes out) const;

  // The frame line that row `row` of `field` starts at (pairs of lines for 4:2:0).
  [[nodiscard]] std::uint32_t frame_line_of(std::uint32_t field, std::uint32_t row) const;

 private:
  [[nodiscard]] bool in_ramp(std::uint32_t line) const { return line >= geometry_.height * 3 / 4; }
  [[nodiscard]] std::uint16_t scaled(std::uint16_t ten_bit) const;
  void pack_row(std::uint64_t frame, std::uint32_t first_line, std::uint32_t pixels, st2110::MutableBytes out) const;

  st2110::VideoGeometry geometry_;
  st2110::Sampling sampling_;
  st2110::Depth depth_;
  unsigned bits_;
};

}  // namespace crosspoint::cap
