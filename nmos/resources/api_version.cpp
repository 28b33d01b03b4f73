#include "nmos/resources/api_version.hpp"

namespace crosspoint::nmos {

namespace {

// Reads a run of decimal digits, at most 4 of them: versions are small numbers.
std::optional<int> parse_small_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<ApiVersion> ApiVersion::parse(std::string_view text) {
  if (text.size() < 4 || text.front() != 'v') return std::nullopt;
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto major = parse_small_number(text.substr(1, dot - 1));
  const auto minor = parse_small_number(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return ApiVersion{*major, *minor};
}

std::string ApiVersion::to_string() const {
  return "v" + std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace crosspoint::nmos
