#include "octet_digest.hpp"

#include <bit>
#include <cstring>

namespace crosspoint::cap {

namespace {

static_assert(std::endian::native == std::endian::little, "words are read as octet 0 lowest");

constexpr std::uint64_t rotate_left(std::uint64_t value, unsigned bits) {
  return (value << bits) | (value >> (64 - bits));
}

}  // namespace

void OctetDigest::mix(std::uint64_t word) {
  first_ = rotate_left(first_ ^ (word * 0x9e3779b97f4a7c15), 27) * 0xff51afd7ed558ccd + 0x52dce729;
  second_ = (second_ + word) * 0xc4ceb9fe1a85ec53;
  second_ ^= second_ >> 29;
}

void OctetDigest::add(st2110::Bytes octets) {
  std::size_t at = 0;
  // Octets that complete the word a previous piece began.
  while (length_ % 8 != 0 && at < octets.size()) {
    word_ |= std::uint64_t{octets[at++]} << (8 * (length_ % 8));
    if (++length_ % 8 == 0) {
      mix(word_);
      word_ = 0;
    }
  }
  for (; at + 8 <= octets.size(); at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, octets.data() + at, 8);  // little-endian hosts: the same word as octet by octet
    mix(word);
    length_ += 8;
  }
  for (; at < octets.size(); ++at) word_ |= std::uint64_t{octets[at]} << (8 * (length_++ % 8));
}

}  // namespace crosspoint::cap
