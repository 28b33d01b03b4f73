// NMOS identifiers: lower-case UUIDs, versions 1-5 with the RFC 4122 variant, as every IS-04 schema requires.
#pragma once

#include <string>
#include <string_view>

namespace crosspoint::nmos::registry {

// ^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$
[[nodiscard]] bool is_nmos_id(std::string_view text);

// A fresh random (version 4) UUID, for ids the registry itself hands out (subscriptions, the API instance).
[[nodiscard]] std::string make_random_nmos_id();

}  // namespace crosspoint::nmos::registry
