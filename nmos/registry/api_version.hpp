// ApiVersion: an NMOS API version "vMAJOR.MINOR", as it appears in URLs and in query.downgrade.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace crosspoint::nmos::registry {

struct ApiVersion {
  int major = 1;
  int minor = 3;

  // Parses "v1.3" (pattern ^v[0-9]+\.[0-9]+$).
  static std::optional<ApiVersion> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;

  friend constexpr auto operator<=>(const ApiVersion&, const ApiVersion&) = default;
};

// The IS-04 versions this registry serves, oldest first.
inline constexpr ApiVersion kIs04Versions[] = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
inline constexpr ApiVersion kLatestIs04Version{1, 3};

[[nodiscard]] bool is_served_is04_version(const ApiVersion& version);

}  // namespace crosspoint::nmos::registry
