// Exact rational numbers for frame rates and packet times (e.g. 60000/1001).
#pragma once

#include <cstdint>
#include <numeric>
#include <string>

namespace crosspoint {

struct Rational {
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;

  [[nodiscard]] constexpr Rational reduced() const {
    const std::int64_t g = std::gcd(numerator, denominator);
    return g == 0 ? *this : Rational{numerator / g, denominator / g};
  }
  [[nodiscard]] constexpr double to_double() const {
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  // "60000/1001", or "25" when the denominator is 1 (the SDP exactframerate form).
  [[nodiscard]] std::string to_string() const {
    return denominator == 1 ? std::to_string(numerator)
                            : std::to_string(numerator) + "/" + std::to_string(denominator);
  }
  friend constexpr bool operator==(const Rational& a, const Rational& b) {
    return a.numerator * b.denominator == b.numerator * a.denominator;
  }
};

}  // namespace crosspoint
