// A run of octets folded into a fixed-size digest as it comes, whatever pieces it comes in: its length and
// two independent 64-bit hashes of its 8-octet words. Two runs with equal digests are equal but with odds
// of about 2^-128, so a comparison need not keep the octets.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/bytes.hpp"

namespace crosspoint::cap {

class OctetDigest {
 public:
  void add(st2110::Bytes octets);
  friend bool operator==(const OctetDigest&, const OctetDigest&) = default;

 private:
  void mix(std::uint64_t word);

  std::uint64_t length_ = 0;
  std::uint64_t word_ = 0;  // the octets after the last whole word
  std::uint64_t first_ = 0x243f6a8885a308d3;
  std::uint64_t second_ = 0x13198a2e03707344;
};

}  // namespace crosspoint::cap
