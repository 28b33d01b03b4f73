// Packs samples of 8 to 16 bits most significant bit first into consecutive octets, the order of every
// RFC 4175 pgroup.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/bytes.hpp"

namespace crosspoint::cap {

class SampleBitWriter {
 public:
  SampleBitWriter(st2110::MutableBytes out, unsigned bits_per_sample) : out_(out), bits_(bits_per_sample) {}

  void put(std::uint16_t sample) {
    accumulator_ = (accumulator_ << bits_) | (sample & ((1U << bits_) - 1));
    pending_ += bits_;
    while (pending_ >= 8) {
      pending_ -= 8;
      emit(static_cast<std::uint8_t>(accumulator_ >> pending_));
    }
  }
  // Flushes a partial octet, zero-padded (pgroups end on octet boundaries, so this is a no-op for them).
  void finish() {
    if (pending_ > 0) emit(static_cast<std::uint8_t>(accumulator_ << (8 - pending_)));
    pending_ = 0;
  }
  [[nodiscard]] std::size_t written() const { return written_; }

 private:
  void emit(std::uint8_t octet) {
    if (written_ < out_.size()) out_[written_] = octet;
    ++written_;
  }

  st2110::MutableBytes out_;
  unsigned bits_;
  std::uint64_t accumulator_ = 0;
  unsigned pending_ = 0;
  std::size_t written_ = 0;
};

}  // namespace crosspoint::cap
