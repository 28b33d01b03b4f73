// QueryError: why a Query API request or subscription cannot be served: 400 for a malformed request,
// 501 for a query feature this registry does not implement.
#pragma once

#include <string>

namespace crosspoint::nmos::registry {

struct QueryError {
  int status = 400;
  std::string message;
};

}  // namespace crosspoint::nmos::registry
