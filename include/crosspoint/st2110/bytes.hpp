// Byte spans and big-endian field access for the wire formats: every read is bounds-checked by its caller
// through the span's size, never by trusting a length field.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace crosspoint::st2110 {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// At run time one load or store and a byte swap; byte by byte in constant expressions.
constexpr std::uint16_t load_be16(const std::uint8_t* p) {
  if (std::is_constant_evaluated()) return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  std::uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return std::endian::native == std::endian::big ? v : __builtin_bswap16(v);
}
constexpr std::uint32_t load_be24(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 16) | (static_cast<std::uint32_t>(p[1]) << 8) | p[2];
}
constexpr std::uint32_t load_be32(const std::uint8_t* p) {
  if (std::is_constant_evaluated()) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
  }
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return std::endian::native == std::endian::big ? v : __builtin_bswap32(v);
}
constexpr void store_be16(std::uint8_t* p, std::uint16_t v) {
  if (std::is_constant_evaluated()) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
    return;
  }
  const std::uint16_t wire = std::endian::native == std::endian::big ? v : __builtin_bswap16(v);
  std::memcpy(p, &wire, sizeof wire);
}
constexpr void store_be32(std::uint8_t* p, std::uint32_t v) {
  if (std::is_constant_evaluated()) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
    return;
  }
  const std::uint32_t wire = std::endian::native == std::endian::big ? v : __builtin_bswap32(v);
  std::memcpy(p, &wire, sizeof wire);
}

}  // namespace crosspoint::st2110
