// A picture as a 24-bit Windows bitmap: every browser shows it in an <img> with no library on either side.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace crosspoint::app {

// `rgb` holds width x height pixels, row after row from the top, three octets each (red, green, blue).
[[nodiscard]] std::string encode_bmp(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgb);

}  // namespace crosspoint::app
