#include "crosspoint/signal/test_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "sample_bit_writer.hpp"

namespace crosspoint::cap {
namespace {

using st2110::Sampling;

// 75% colour bars, 10-bit: white, yellow, cyan, green, magenta, red, blue, black; then mid grey.
constexpr std::array<PixelComponents, 9> kColoursYCbCr{{{721, 512, 512}, {674, 176, 543}, {581, 589, 176},
                                                        {534, 253, 207}, {251, 771, 817}, {204, 435, 848},
                                                        {111, 848, 481}, {64, 512, 512}, {502, 512, 512}}};
constexpr std::array<PixelComponents, 9> kColoursRgb{{{940, 940, 940}, {940, 940, 64}, {64, 940, 940},
                                                      {64, 940, 64}, {940, 64, 940}, {940, 64, 64},
                                                      {64, 64, 940}, {64, 64, 64}, {502, 502, 502}}};
constexpr std::array<std::string_view, 9> kColourNames{"white", "yellow", "cyan", "green", "magenta",
                                                       "red", "blue", "black", "grey"};
constexpr std::array<std::string_view, 4> kKindNames{"bars", "checker", "ramp", "zoneplate"};
constexpr std::uint16_t kBlack = 64;
constexpr std::uint16_t kWhiteSpan = 876;  // 64..940: narrow-range video levels, 10-bit

bool is_rgb_like(Sampling s) { return s == Sampling::kRgb || s == Sampling::kXyz; }

bool is_422(Sampling s) {
  return s == Sampling::kYCbCr422 || s == Sampling::kCLYCbCr422 || s == Sampling::kICtCp422;
}
bool is_420(Sampling s) {
  return s == Sampling::kYCbCr420 || s == Sampling::kCLYCbCr420 || s == Sampling::kICtCp420;
}

// One cycle of the zone plate's wave in 1024 steps, at 10-bit video levels.
const std::array<std::uint16_t, 1024>& zone_plate_wave() {
  static const auto wave = [] {
    std::array<std::uint16_t, 1024> levels{};
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const double phase = 2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(levels.size());
      levels[i] = static_cast<std::uint16_t>(kBlack + std::lround((1.0 + std::cos(phase)) * kWhiteSpan / 2.0));
    }
    return levels;
  }();
  return wave;
}

}  // namespace

Expected<PatternChoice, std::string> parse_pattern_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (name == kKindNames[i]) return PatternChoice{static_cast<PatternKind>(i), PatternColour::kWhite};
  }
  if (name.starts_with("solid:")) {
    const std::string_view colour = name.substr(6);
    for (std::size_t i = 0; i < kColourNames.size(); ++i) {
      if (colour == kColourNames[i]) return PatternChoice{PatternKind::kSolid, static_cast<PatternColour>(i)};
    }
  }
  return Unexpected{"'" + std::string(name) + "' is not a test pattern: " + pattern_names()};
}

std::string pattern_name(const PatternChoice& choice) {
  if (choice.kind == PatternKind::kSolid) {
    return "solid:" + std::string(kColourNames[static_cast<std::size_t>(choice.colour)]);
  }
  return std::string(kKindNames[static_cast<std::size_t>(choice.kind)]);
}

std::string pattern_names() {
  std::string names;
  for (const auto kind : kKindNames) names += std::string(kind) + ", ";
  names += "solid:COLOUR (";
  for (std::size_t i = 0; i < kColourNames.size(); ++i) names += (i ? ", " : "") + std::string(kColourNames[i]);
  return names + ")";
}

TestPattern::TestPattern(const st2110::VideoGeometry& geometry, st2110::Sampling sampling, st2110::Depth depth,
                         PatternChoice choice)
    : geometry_(geometry),
      sampling_(sampling),
      depth_(depth),
      choice_(choice),
      bits_(st2110::bits_per_sample(depth)),
      square_(std::max<std::uint32_t>(2, geometry.height / 9)) {}

std::uint16_t TestPattern::scaled(std::uint16_t ten_bit) const {
  return bits_ >= 10 ? static_cast<std::uint16_t>(ten_bit << (bits_ - 10))
                     : static_cast<std::uint16_t>(ten_bit >> (10 - bits_));
}

std::uint64_t TestPattern::shift(std::uint64_t frame) const {
  // A 64th of the width (an even count, so 4:2:2 and 4:2:0 chroma pairs stay whole) each frame.
  const std::uint32_t width = std::max<std::uint32_t>(geometry_.width, 1);
  const std::uint64_t step = 2 * std::max<std::uint32_t>(1, width / 128);
  return (frame * step) % width;
}

PixelComponents TestPattern::grey(std::uint16_t ten_bit) const {
  const std::uint16_t chroma = is_rgb_like(sampling_) ? ten_bit : 512;
  return {scaled(ten_bit), scaled(chroma), scaled(chroma)};
}

PixelComponents TestPattern::bars_pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const {
  const std::uint32_t width = std::max<std::uint32_t>(geometry_.width, 1);
  if (in_ramp(line)) return grey(static_cast<std::uint16_t>(kBlack + (line * 5 + frame * 7) % kWhiteSpan));
  const std::uint64_t moved = shift(frame);
  const auto bar_at = [&](std::uint32_t column) {
    return static_cast<std::size_t>((((column + width - moved) % width) * 8) / width);
  };
  const auto& bars = is_rgb_like(sampling_) ? kColoursRgb : kColoursYCbCr;
  const PixelComponents own = bars[bar_at(x)];
  if (is_422(sampling_) || is_420(sampling_)) {
    const PixelComponents sited = bars[bar_at(x & ~1U)];
    return {scaled(own[0]), scaled(sited[1]), scaled(sited[2])};
  }
  return {scaled(own[0]), scaled(own[1]), scaled(own[2])};
}

std::uint16_t TestPattern::grey_level(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const {
  const std::uint32_t width = std::max<std::uint32_t>(geometry_.width, 1);
  const std::uint64_t column = (x + width - shift(frame)) % width;
  switch (choice_.kind) {
    case PatternKind::kChecker:
      return ((column / square_ + line / square_) % 2) == 0 ? kBlack + kWhiteSpan : kBlack;
    case PatternKind::kRamp:
      return static_cast<std::uint16_t>(kBlack + column * kWhiteSpan / width);
    default: {  // zone plate: the phase grows with the squared distance from the centre, reaching half a
                // cycle per pixel at the left and right edges; it advances 1/32 cycle per frame.
      const std::int64_t dx = std::int64_t{x} - geometry_.width / 2;
      const std::int64_t dy = std::int64_t{line} - geometry_.height / 2;
      const auto phase = static_cast<std::uint64_t>((dx * dx + dy * dy) * 32768 / width) + (frame * 2048);
      return zone_plate_wave()[(phase & 0xFFFF) >> 6];
    }
  }
}

PixelComponents TestPattern::pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const {
  switch (choice_.kind) {
    case PatternKind::kBars:
      return bars_pixel(frame, x, line);
    case PatternKind::kSolid: {
      const auto& colour = (is_rgb_like(sampling_) ? kColoursRgb : kColoursYCbCr)[static_cast<std::size_t>(choice_.colour)];
      return {scaled(colour[0]), scaled(colour[1]), scaled(colour[2])};
    }
    default:
      return grey(grey_level(frame, x, line));
  }
}

std::uint32_t TestPattern::line_key(std::uint32_t line) const {
  switch (choice_.kind) {
    case PatternKind::kBars:
      return in_ramp(line) ? kUniqueLine : 0;
    case PatternKind::kChecker:
      return line / square_;
    case PatternKind::kRamp:
    case PatternKind::kSolid:
      return 0;
    default:
      return kUniqueLine;
  }
}

bool TestPattern::uniform_line(std::uint32_t line) const {
  return choice_.kind == PatternKind::kSolid || (choice_.kind == PatternKind::kBars && in_ramp(line));
}

std::uint32_t TestPattern::frame_line_of(std::uint32_t field, std::uint32_t row) const {
  const std::uint32_t field_line = row * geometry_.pgroup.lines;
  return geometry_.field_count == 2 ? field_line * 2 + field : field_line;
}

void TestPattern::pack_row(std::uint64_t frame, std::uint32_t first_line, std::uint32_t pixels,
                           st2110::MutableBytes out) const {
  SampleBitWriter writer(out, bits_);
  const std::uint32_t second_line = geometry_.field_count == 2 ? first_line + 2 : first_line + 1;
  if (is_422(sampling_)) {
    for (std::uint32_t x = 0; x < pixels; x += 2) {
      const PixelComponents a = pixel(frame, x, first_line);
      const PixelComponents b = pixel(frame, x + 1, first_line);
      writer.put(a[1]);
      writer.put(a[0]);
      writer.put(a[2]);
      writer.put(b[0]);
    }
  } else if (is_420(sampling_)) {
    for (std::uint32_t x = 0; x < pixels; x += 2) {
      const PixelComponents a = pixel(frame, x, first_line);
      writer.put(a[0]);
      writer.put(pixel(frame, x + 1, first_line)[0]);
      writer.put(pixel(frame, x, second_line)[0]);
      writer.put(pixel(frame, x + 1, second_line)[0]);
      writer.put(a[1]);
      writer.put(a[2]);
    }
  } else if (sampling_ == Sampling::kKey) {
    for (std::uint32_t x = 0; x < pixels; ++x) writer.put(pixel(frame, x, first_line)[0]);
  } else if (is_rgb_like(sampling_)) {
    for (std::uint32_t x = 0; x < pixels; ++x) {
      const PixelComponents p = pixel(frame, x, first_line);
      writer.put(p[0]);
      writer.put(p[1]);
      writer.put(p[2]);
    }
  } else {  // 4:4:4 colour difference: C'b Y' C'r
    for (std::uint32_t x = 0; x < pixels; ++x) {
      const PixelComponents p = pixel(frame, x, first_line);
      writer.put(p[1]);
      writer.put(p[0]);
      writer.put(p[2]);
    }
  }
  writer.finish();
}

void TestPattern::render_field(std::uint64_t frame, std::uint32_t field, st2110::MutableBytes out) const {
  const std::size_t row_bytes = geometry_.row_bytes();
  const std::uint32_t rows = geometry_.rows_in_field(field);
  // A row alike to the one before it (same line key over all its lines) is a copy; a row of uniform
  // lines is one pgroup, tiled; any other row is packed sample by sample.
  std::uint32_t previous_key = kUniqueLine;
  const std::size_t pgroup_bytes = geometry_.pgroup.bytes;
  for (std::uint32_t row = 0; row < rows; ++row) {
    const std::uint32_t line = frame_line_of(field, row);
    const std::size_t offset = static_cast<std::size_t>(row) * row_bytes;
    if (offset + row_bytes > out.size()) return;
    auto target = out.subspan(offset, row_bytes);
    const std::uint32_t last_line = line + (geometry_.pgroup.lines - 1) * geometry_.field_count;
    const std::uint32_t key = line_key(line) == line_key(last_line) ? line_key(line) : kUniqueLine;
    if (key != kUniqueLine && key == previous_key) {
      std::memcpy(target.data(), target.data() - row_bytes, row_bytes);
      continue;
    }
    previous_key = key;
    if (!uniform_line(line) || !uniform_line(last_line)) {
      pack_row(frame, line, geometry_.width, target);
      continue;
    }
    pack_row(frame, line, geometry_.pgroup.pixels_per_line(), target.subspan(0, pgroup_bytes));
    for (std::size_t done = pgroup_bytes; done < row_bytes;) {
      const std::size_t chunk = std::min(done, row_bytes - done);
      std::memcpy(target.data() + done, target.data(), chunk);
      done += chunk;
    }
  }
}

}  // namespace crosspoint::cap
