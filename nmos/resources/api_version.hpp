// ApiVersion: an NMOS API version "vMAJOR.MINOR", as it appears in URLs, DNS-SD api_ver and query.downgrade;
// compared numerically (v1.12 > v1.5).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace crosspoint::nmos {

struct ApiVersion {
  int major = 1;
  int minor = 3;

  // Parses "v1.3" (pattern ^v[0-9]+\.[0-9]+$, each number at most 4 digits).
  static std::optional<ApiVersion> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;

  friend constexpr auto operator<=>(const ApiVersion&, const ApiVersion&) = default;
};

inline constexpr ApiVersion kV1_2{1, 2};
inline constexpr ApiVersion kV1_3{1, 3};

}  // namespace crosspoint::nmos
