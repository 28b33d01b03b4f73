// "v<MAJOR>.<MINOR>" as the IS-04 APIs name their versions; compared numerically (v1.12 > v1.5).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace crosspoint::nmos {

struct ApiVersion {
  int major = 1;
  int minor = 3;

  static std::optional<ApiVersion> parse(std::string_view text) {
    if (text.size() < 4 || text[0] != 'v') return std::nullopt;
    const auto dot = text.find('.');
    if (dot == std::string_view::npos || dot == 1 || dot + 1 == text.size()) return std::nullopt;
    ApiVersion v{0, 0};
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (i == dot) continue;
      const char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      int& part = i < dot ? v.major : v.minor;
      if (part > 100000) return std::nullopt;
      part = part * 10 + (c - '0');
    }
    return v;
  }
  [[nodiscard]] std::string to_string() const { return "v" + std::to_string(major) + "." + std::to_string(minor); }
  friend constexpr auto operator<=>(const ApiVersion&, const ApiVersion&) = default;
};

inline constexpr ApiVersion kV1_2{1, 2};
inline constexpr ApiVersion kV1_3{1, 3};

}  // namespace crosspoint::nmos
