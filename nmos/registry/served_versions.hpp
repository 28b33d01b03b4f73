// The IS-04 versions the embedded registry serves (Registration and Query APIs), oldest first.
#pragma once

#include "nmos/resources/api_version.hpp"

namespace crosspoint::nmos::registry {

inline constexpr ApiVersion kIs04Versions[] = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
inline constexpr ApiVersion kLatestIs04Version = kV1_3;

}  // namespace crosspoint::nmos::registry
