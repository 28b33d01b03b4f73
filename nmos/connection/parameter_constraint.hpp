// One IS-05 parameter constraint ({enum, minimum, maximum, pattern}) and whether a staged value meets it.
// The constraints the API publishes are the ones staging enforces: one description, not two.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos::connection {

// nullopt when `value` meets `constraint`; otherwise why not. "auto" and null always pass: they are resolved
// by the node (auto) or mean "none" (null), and the schema already said where they are allowed.
[[nodiscard]] std::optional<std::string> violates(const nlohmann::json& constraint, const nlohmann::json& value);

// {"minimum": min, "maximum": max}
[[nodiscard]] nlohmann::json range_constraint(int minimum, int maximum);

// The pattern of a multicast group (224.0.0.0/4): what a multicast receiver's multicast_ip must be.
inline constexpr const char* kMulticastPattern = "^2(2[4-9]|3[0-9])\\.";

}  // namespace crosspoint::nmos::connection
