#include "crosspoint/signal/test_pattern.hpp"

#include <algorithm>
#include <cstring>

#include "sample_bit_writer.hpp"

namespace crosspoint::cap {
namespace {

using st2110::Sampling;

// 75% colour bars, 10-bit: white, yellow, cyan, green, magenta, red, blue, black.
constexpr std::array<PixelComponents, 8> kBarsYCbCr{{{721, 512, 512}, {674, 176, 543}, {581, 589, 176},
                                                     {534, 253, 207}, {251, 771, 817}, {204, 435, 848},
                                                     {111, 848, 481}, {64, 512, 512}}};
constexpr std::array<PixelComponents, 8> kBarsRgb{{{940, 940, 940}, {940, 940, 64}, {64, 940, 940},
                                                   {64, 940, 64}, {940, 64, 940}, {940, 64, 64},
                                                   {64, 64, 940}, {64, 64, 64}}};

bool is_rgb_like(Sampling s) { return s == Sampling::kRgb || s == Sampling::kXyz; }

bool is_422(Sampling s) {
  return s == Sampling::kYCbCr422 || s == Sampling::kCLYCbCr422 || s == Sampling::kICtCp422;
}
bool is_420(Sampling s) {
  return s == Sampling::kYCbCr420 || s == Sampling::kCLYCbCr420 || s == Sampling::kICtCp420;
}

}  // namespace

TestPattern::TestPattern(const st2110::VideoGeometry& geometry, st2110::Sampling sampling, st2110::Depth depth)
    : geometry_(geometry), sampling_(sampling), depth_(depth), bits_(st2110::bits_per_sample(depth)) {}

std::uint16_t TestPattern::scaled(std::uint16_t ten_bit) const {
  return bits_ >= 10 ? static_cast<std::uint16_t>(ten_bit << (bits_ - 10))
                     : static_cast<std::uint16_t>(ten_bit >> (10 - bits_));
}

PixelComponents TestPattern::pixel(std::uint64_t frame, std::uint32_t x, std::uint32_t line) const {
  const std::uint32_t width = std::max<std::uint32_t>(geometry_.width, 1);
  if (in_ramp(line)) {
    const auto grey = static_cast<std::uint16_t>(64 + (line * 5 + frame * 7) % 876);
    const std::uint16_t chroma = is_rgb_like(sampling_) ? grey : 512;
    return {scaled(grey), scaled(chroma), scaled(chroma)};
  }
  // The bars move right by a 64th of the width (an even count) each frame.
  const std::uint64_t step = 2 * std::max<std::uint32_t>(1, width / 128);
  const std::uint64_t shift = (frame * step) % width;
  const auto bar_at = [&](std::uint32_t column) {
    return static_cast<std::size_t>((((column + width - shift) % width) * 8) / width);
  };
  const auto& bars = is_rgb_like(sampling_) ? kBarsRgb : kBarsYCbCr;
  const PixelComponents own = bars[bar_at(x)];
  if (is_422(sampling_) || is_420(sampling_)) {
    const PixelComponents sited = bars[bar_at(x & ~1U)];
    return {scaled(own[0]), scaled(sited[1]), scaled(sited[2])};
  }
  return {scaled(own[0]), scaled(own[1]), scaled(own[2])};
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
  // Bar rows are alike within a frame: pack the first, copy it. Ramp rows are alike across a row: pack one
  // pgroup, tile it.
  std::size_t bar_row = SIZE_MAX;
  const std::size_t pgroup_bytes = geometry_.pgroup.bytes;
  for (std::uint32_t row = 0; row < rows; ++row) {
    const std::uint32_t line = frame_line_of(field, row);
    const std::size_t offset = static_cast<std::size_t>(row) * row_bytes;
    if (offset + row_bytes > out.size()) return;
    auto target = out.subspan(offset, row_bytes);
    const std::uint32_t last_line = line + (geometry_.pgroup.lines - 1) * geometry_.field_count;
    if (!in_ramp(line) && !in_ramp(last_line)) {
      if (bar_row == SIZE_MAX) {
        pack_row(frame, line, geometry_.width, target);
        bar_row = offset;
      } else {
        std::memcpy(target.data(), out.data() + bar_row, row_bytes);
      }
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
