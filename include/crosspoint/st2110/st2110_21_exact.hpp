// Exact integer arithmetic for the ST 2110-21 models: frame epochs since 1970 times rational periods
// overflow 64 bits, so products are taken in 128.
#pragma once

#include <cstdint>

namespace crosspoint::st2110 {

__extension__ using Int128 = __int128;

// floor(numerator / denominator) for a positive denominator, rounding toward minus infinity.
constexpr Int128 floor_div(Int128 numerator, Int128 denominator) {
  const Int128 quotient = numerator / denominator;
  return (numerator % denominator != 0 && numerator < 0) ? quotient - 1 : quotient;
}

}  // namespace crosspoint::st2110
