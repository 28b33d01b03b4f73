// Versions in the Query API: a request at vX.Y returns resources registered at vX.Y or later minor versions,
// stripped of keys added after vX.Y; query.downgrade=vX.Z lowers the floor to vX.Z (never across majors).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/registry/query_error.hpp"
#include "nmos/registry/query_params.hpp"
#include "nmos/registry/registered_resource.hpp"
#include "nmos/resources/api_version.hpp"

namespace crosspoint::nmos::registry {

class VersionView {
 public:
  explicit VersionView(ApiVersion requested) : requested_(requested), floor_(requested) {}

  // Reads query.downgrade from the parameters, if present.
  static Expected<VersionView, QueryError> parse(ApiVersion requested,
                                                 const QueryParams& params);

  // Whether a resource registered at `version` is visible to this request.
  [[nodiscard]] bool admits(ApiVersion version) const {
    return version.major == requested_.major && version >= floor_;
  }
  // The resource as a client of the requested version sees it.
  [[nodiscard]] nlohmann::json present(const RegisteredResource& resource) const;
  // The same without copying when nothing needs stripping.
  [[nodiscard]] bool needs_stripping(const RegisteredResource& resource) const {
    return resource.api_version > requested_;
  }

  [[nodiscard]] ApiVersion requested() const { return requested_; }
  [[nodiscard]] ApiVersion floor() const { return floor_; }

 private:
  ApiVersion requested_;
  ApiVersion floor_;
};

// Removes from `data` (a resource of `type`) every attribute that IS-04 added after `target`.
void strip_to_version(nlohmann::json& data, ResourceType type, ApiVersion target);

}  // namespace crosspoint::nmos::registry
