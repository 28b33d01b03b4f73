// WireReader / WireWriter: big-endian cursors over a PTP message. Every read and write checks the remaining
// length first, so a truncated or lying message fails cleanly instead of reading past its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace crosspoint::ptp {

class WireReader {
 public:
  explicit WireReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  [[nodiscard]] std::size_t remaining() const { return bytes_.size() - position_; }
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] bool ok() const { return ok_; }

  // Reads `width` bytes (1..8) as an unsigned big-endian number; 0 and ok() == false past the end.
  std::uint64_t read_unsigned(std::size_t width) {
    if (!ok_ || remaining() < width) {
      ok_ = false;
      return 0;
    }
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value = (value << 8) | bytes_[position_ + i];
    position_ += width;
    return value;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(read_unsigned(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(read_unsigned(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(read_unsigned(4)); }
  std::uint64_t u48() { return read_unsigned(6); }
  std::uint64_t u64() { return read_unsigned(8); }
  std::int8_t i8() { return static_cast<std::int8_t>(u8()); }
  std::int16_t i16() { return static_cast<std::int16_t>(u16()); }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }

  void copy(std::span<std::uint8_t> out) {
    if (!ok_ || remaining() < out.size()) {
      ok_ = false;
      return;
    }
    std::memcpy(out.data(), bytes_.data() + position_, out.size());
    position_ += out.size();
  }
  std::span<const std::uint8_t> take(std::size_t count) {
    if (!ok_ || remaining() < count) {
      ok_ = false;
      return {};
    }
    const auto view = bytes_.subspan(position_, count);
    position_ += count;
    return view;
  }
  void skip(std::size_t count) { (void)take(count); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

class WireWriter {
 public:
  explicit WireWriter(std::span<std::uint8_t> bytes) : bytes_(bytes) {}

  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] bool ok() const { return ok_; }

  void write_unsigned(std::uint64_t value, std::size_t width) {
    if (!ok_ || bytes_.size() - position_ < width) {
      ok_ = false;
      return;
    }
    for (std::size_t i = 0; i < width; ++i) {
      bytes_[position_ + i] = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
    }
    position_ += width;
  }
  void u8(std::uint8_t v) { write_unsigned(v, 1); }
  void u16(std::uint16_t v) { write_unsigned(v, 2); }
  void u32(std::uint32_t v) { write_unsigned(v, 4); }
  void u48(std::uint64_t v) { write_unsigned(v, 6); }
  void u64(std::uint64_t v) { write_unsigned(v, 8); }
  void i8(std::int8_t v) { u8(static_cast<std::uint8_t>(v)); }
  void i16(std::int16_t v) { u16(static_cast<std::uint16_t>(v)); }
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void bytes(std::span<const std::uint8_t> data) {
    if (!ok_ || bytes_.size() - position_ < data.size()) {
      ok_ = false;
      return;
    }
    if (!data.empty()) std::memcpy(bytes_.data() + position_, data.data(), data.size());
    position_ += data.size();
  }
  void zeros(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) u8(0);
  }
  // Rewrites a 16-bit field at an earlier offset (lengths known only at the end).
  void patch_u16(std::size_t offset, std::uint16_t v) {
    if (offset + 2 > position_) {
      ok_ = false;
      return;
    }
    bytes_[offset] = static_cast<std::uint8_t>(v >> 8);
    bytes_[offset + 1] = static_cast<std::uint8_t>(v);
  }

 private:
  std::span<std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

}  // namespace crosspoint::ptp
