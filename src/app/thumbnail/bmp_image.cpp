#include "thumbnail/bmp_image.hpp"

namespace crosspoint::app {

namespace {

void put_le(std::string& out, std::uint32_t value, unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

std::string encode_bmp(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgb) {
  constexpr std::uint32_t kHeaders = 14 + 40;
  const std::uint32_t row_bytes = (width * 3 + 3) / 4 * 4;  // rows are padded to four octets
  const std::uint32_t pixel_bytes = row_bytes * height;
  std::string out;
  out.reserve(kHeaders + pixel_bytes);
  out += "BM";  // BITMAPFILEHEADER
  put_le(out, kHeaders + pixel_bytes, 4);
  put_le(out, 0, 4);
  put_le(out, kHeaders, 4);
  put_le(out, 40, 4);  // BITMAPINFOHEADER
  put_le(out, width, 4);
  put_le(out, height, 4);  // positive: rows stored bottom-up
  put_le(out, 1, 2);       // planes
  put_le(out, 24, 2);      // bits per pixel
  put_le(out, 0, 4);       // BI_RGB, uncompressed
  put_le(out, pixel_bytes, 4);
  put_le(out, 2835, 4);    // 72 dpi
  put_le(out, 2835, 4);
  put_le(out, 0, 4);
  put_le(out, 0, 4);
  for (std::uint32_t row = height; row-- > 0;) {
    const std::uint8_t* pixel = rgb.data() + static_cast<std::size_t>(row) * width * 3;
    for (std::uint32_t x = 0; x < width; ++x, pixel += 3) {
      out.push_back(static_cast<char>(pixel[2]));  // stored blue, green, red
      out.push_back(static_cast<char>(pixel[1]));
      out.push_back(static_cast<char>(pixel[0]));
    }
    out.append(row_bytes - width * 3, '\0');
  }
  return out;
}

}  // namespace crosspoint::app
