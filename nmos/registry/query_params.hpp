// QueryParams: decoded query-string parameters of a Query API request (or a subscription's params), by name.
#pragma once

#include <map>
#include <string>

namespace crosspoint::nmos::registry {

using QueryParams = std::multimap<std::string, std::string>;

}  // namespace crosspoint::nmos::registry
