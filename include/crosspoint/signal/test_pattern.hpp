// The pictures crosspoint's test signals carry, each visibly different from the others:
// - bars: eight colour bars that move to the right every frame over the top three quarters, and a grey
//   ramp that changes with the line and the frame below (the default);
// - checker: black and white squares that move to the right every frame;
// - ramp: a horizontal grey ramp from black to white that scrolls to the right every frame;
// - zoneplate: a circular zone plate whose rings drift outwards every frame;
// - solid:<colour>: one still colour (white, yellow, cyan, green, magenta, red, blue, black, grey).
// Every sample is a function of (frame, x, line), so a receiver's decoded pixels can be checked exactly.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/video_geometry.hpp"

namespace crosspoint::cap {

// The three components of a pixel at the format's depth: {Y', C'b, C'r} for the YCbCr-like samplings,
// {R, G, B} for RGB (and X, Y, Z for XYZ); KEY uses the first.
using PixelComponents = std::array<std::uint16_t, 3>;

enum class PatternKind : std::uint8_t { kBars, kChecker, kRamp, kZonePlate, kSolid };
// The bars' colours in their order, then grey.
enum class PatternColour : std::uint8_t { kWhite, kYellow, kCyan, kGreen, kMagenta, kRed, kBlue, kBlack, kGrey };

struct PatternChoice {
  PatternKind kind = PatternKind::kBars;
  PatternColour colour = PatternColour::kWhite;  // of kSolid
  friend bool operator==(const PatternChoice&, const PatternChoice&) = default;
};

// "bars", "checker", "ramp", "zoneplate", "solid:red", ...; the error lists the names.
Expected<PatternChoice, std::string> parse_pattern_name(std::string_view name);
std::string pattern_name(const PatternChoice& choice);
// The names parse_pattern_name takes, for usage texts.
std::string pattern_names();

class TestPattern {
 public:
  TestPattern(const st2110::VideoGeometry& geometry, st2110::Sampling sampling, st2110::Depth depth,
              PatternChoice choice = {});

  // The pixel at column x of frame line `line` (0-based over the whole frame) of frame number `frame`.
  // Chroma of subsampled formats is that of the pair's (or quad's) top-left pixel.
  [[nodiscard]] PixelComponents pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const;

  // Writes the RFC 4175 rows of `field` (0 when progressive) of frame `frame` into `out`, which holds
  // geometry.field_bytes(field) octets: row r starts at r x row_bytes().
  void render_field(std::uint64_t frame, std::uint32_t field, st2110::MutableBytes out) const;

  // The frame line that row `row` of `field` starts at (pairs of lines for 4:2:0).
  [[nodiscard]] std::uint32_t frame_line_of(std::uint32_t field, std::uint32_t row) const;

  [[nodiscard]] const PatternChoice& choice() const { return choice_; }

 private:
  // Lines with the same key (when there is one) are alike from end to end in a frame.
  static constexpr std::uint32_t kUniqueLine = UINT32_MAX;
  [[nodiscard]] std::uint32_t line_key(std::uint32_t line) const;
  // Lines every pixel of which is the same.
  [[nodiscard]] bool uniform_line(std::uint32_t line) const;
  [[nodiscard]] bool in_ramp(std::uint32_t line) const { return line >= geometry_.height * 3 / 4; }
  [[nodiscard]] std::uint64_t shift(std::uint64_t frame) const;
  [[nodiscard]] PixelComponents bars_pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const;
  [[nodiscard]] std::uint16_t grey_level(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const;
  [[nodiscard]] PixelComponents grey(std::uint16_t ten_bit) const;
  [[nodiscard]] std::uint16_t scaled(std::uint16_t ten_bit) const;
  void pack_row(std::uint64_t frame, std::uint32_t first_line, std::uint32_t pixels, st2110::MutableBytes out) const;

  st2110::VideoGeometry geometry_;
  st2110::Sampling sampling_;
  st2110::Depth depth_;
  PatternChoice choice_;
  unsigned bits_;
  std::uint32_t square_;  // checker square side in pixels
};

}  // namespace crosspoint::cap
