#include "thumbnail/video_thumbnail.hpp"

#include <algorithm>
#include <cmath>

#include "crosspoint/st2110/rfc4175.hpp"

namespace crosspoint::app {

namespace {

using st2110::Sampling;

bool is_422(Sampling s) { return s == Sampling::kYCbCr422 || s == Sampling::kCLYCbCr422 || s == Sampling::kICtCp422; }
bool is_rgb(Sampling s) { return s == Sampling::kRgb || s == Sampling::kXyz; }
bool is_444(Sampling s) { return s == Sampling::kYCbCr444 || s == Sampling::kCLYCbCr444 || s == Sampling::kICtCp444; }

// Sample `index` (0-based) of `bits` bits from the start of `data`, most significant bit first.
std::uint16_t sample_at(st2110::Bytes data, std::size_t index, unsigned bits) {
  std::size_t bit = index * bits;
  std::uint32_t value = 0;
  for (unsigned taken = 0; taken < bits; ++taken, ++bit)
    value = (value << 1) | ((data[bit / 8] >> (7 - bit % 8)) & 1u);
  return static_cast<std::uint16_t>(value);
}

std::uint8_t clamp8(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

}  // namespace

std::optional<VideoThumbnail> VideoThumbnail::create(std::uint32_t width, std::uint32_t height, Sampling sampling,
                                                     st2110::Depth depth, std::uint32_t thumbnail_width) {
  const auto pgroup = st2110::pgroup_of(sampling, depth);
  const unsigned bits = st2110::bits_per_sample(depth);
  if (!pgroup || bits > 12 || !(is_422(sampling) || is_444(sampling) || is_rgb(sampling))) return std::nullopt;
  if (width == 0 || height == 0 || thumbnail_width == 0) return std::nullopt;
  return VideoThumbnail(width, height, sampling, depth, *pgroup, std::min(thumbnail_width, width));
}

VideoThumbnail::VideoThumbnail(std::uint32_t width, std::uint32_t height, Sampling sampling, st2110::Depth depth,
                               st2110::Pgroup pgroup, std::uint32_t thumbnail_width)
    : source_width_(width), source_height_(height), sampling_(sampling), bits_(st2110::bits_per_sample(depth)),
      pgroup_(pgroup), width_(thumbnail_width),
      height_(std::max<std::uint32_t>(1, static_cast<std::uint32_t>(static_cast<std::uint64_t>(height) * thumbnail_width / width))),
      row_of_line_(height, -1), source_x_(width_), pixels_(static_cast<std::size_t>(width_) * height_) {
  // Each thumbnail pixel takes the source pixel at the centre of the area it stands for.
  for (std::uint32_t x = 0; x < width_; ++x) source_x_[x] = static_cast<std::uint32_t>((2ull * x + 1) * width / (2ull * width_));
  for (std::uint32_t y = 0; y < height_; ++y)
    row_of_line_[static_cast<std::uint32_t>((2ull * y + 1) * height / (2ull * height_))] = static_cast<std::int32_t>(y);
}

bool VideoThumbnail::add_payload(st2110::Bytes rtp_payload) {
  const auto parsed = st2110::parse_rfc4175(rtp_payload);
  if (!parsed) {
    ++bad_payloads_;
    return false;
  }
  const auto rows = parsed->header.row_headers();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].line >= source_height_ || rows[i].offset >= source_width_) {
      ++bad_payloads_;
      return false;
    }
    read_segment(rows[i].line, rows[i].offset, parsed->segment_data[i]);
  }
  return true;
}

void VideoThumbnail::read_segment(std::uint32_t line, std::uint32_t offset, st2110::Bytes data) {
  const std::int32_t row = row_of_line_[line];
  if (row < 0) return;
  const std::uint32_t per_pgroup = pgroup_.pixels_per_line();
  const std::uint32_t pixels = static_cast<std::uint32_t>(data.size() / pgroup_.bytes) * per_pgroup;
  // The grid columns inside [offset, offset + pixels).
  auto column = std::lower_bound(source_x_.begin(), source_x_.end(), offset);
  for (; column != source_x_.end() && *column < offset + pixels; ++column) {
    const std::uint32_t x = *column - offset;
    const st2110::Bytes group = data.subspan(static_cast<std::size_t>(x / per_pgroup) * pgroup_.bytes, pgroup_.bytes);
    const std::uint32_t within = x % per_pgroup;
    auto& out = pixels_[static_cast<std::size_t>(row) * width_ + static_cast<std::size_t>(column - source_x_.begin())];
    if (is_422(sampling_)) {  // C'b Y'0 C'r Y'1
      out = {sample_at(group, within == 0 ? 1 : 3, bits_), sample_at(group, 0, bits_), sample_at(group, 2, bits_)};
    } else if (is_rgb(sampling_)) {  // R G B per pixel
      out = {sample_at(group, within * 3, bits_), sample_at(group, within * 3 + 1, bits_),
             sample_at(group, within * 3 + 2, bits_)};
    } else {  // 4:4:4 C'b Y' C'r per pixel
      out = {sample_at(group, within * 3 + 1, bits_), sample_at(group, within * 3, bits_),
             sample_at(group, within * 3 + 2, bits_)};
    }
  }
}

std::vector<std::uint8_t> VideoThumbnail::rgb() const {
  std::vector<std::uint8_t> out;
  out.reserve(pixels_.size() * 3);
  const double scale = 1.0 / (1u << (bits_ - 8));
  for (const auto& p : pixels_) {
    if (is_rgb(sampling_)) {
      for (const auto c : p) out.push_back(clamp8(c * scale));
      continue;
    }
    // BT.709, narrow range: Y' 16-235, C' 16-240 at 8 bits.
    const double y = (p[0] * scale - 16) * 255.0 / 219.0;
    const double cb = (p[1] * scale - 128) * 255.0 / 224.0;
    const double cr = (p[2] * scale - 128) * 255.0 / 224.0;
    out.push_back(clamp8(y + 1.5748 * cr));
    out.push_back(clamp8(y - 0.1873 * cb - 0.4681 * cr));
    out.push_back(clamp8(y + 1.8556 * cb));
  }
  return out;
}

}  // namespace crosspoint::app
