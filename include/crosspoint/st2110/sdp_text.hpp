// Reading numbers and words out of SDP field values: strict, no signs, no surrounding spaces.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "crosspoint/time/rational.hpp"

namespace crosspoint::st2110::sdp_text {

inline std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Decimal digits only, the whole text, within T's range.
template <class T>
std::optional<T> parse_unsigned(std::string_view text) {
  static_assert(std::is_unsigned_v<T>);
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "N" or "N<separator>D" with N and D positive integers (exactframerate "60000/1001", PAR "12:11").
inline std::optional<Rational> parse_positive_rational(std::string_view text, char separator) {
  const auto at = text.find(separator);
  const auto numerator = parse_unsigned<std::uint32_t>(text.substr(0, at));
  if (!numerator || *numerator == 0) return std::nullopt;
  if (at == std::string_view::npos) return Rational{*numerator, 1};
  const auto denominator = parse_unsigned<std::uint32_t>(text.substr(at + 1));
  if (!denominator || *denominator == 0) return std::nullopt;
  return Rational{*numerator, *denominator};
}

// Words separated by one or more spaces (RFC 4566 says one; senders are not always careful).
inline std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  while (true) {
    text = trim(text);
    if (text.empty()) return words;
    const auto end = text.find_first_of(" \t");
    words.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return words;
    text.remove_prefix(end);
  }
}

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace crosspoint::st2110::sdp_text
