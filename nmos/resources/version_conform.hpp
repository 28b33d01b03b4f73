// Serving one v1.3 model at older minor versions: "data held for mismatched minor API versions MAY be returned
// if it can be conformed to the correct schema" (IS-04 APIs.md). Conforming removes the keys v1.3 added.
#pragma once

#include <nlohmann/json.hpp>

#include "nmos/resources/api_version.hpp"
#include "nmos/resources/resource_type.hpp"

namespace crosspoint::nmos {

// `resource` (v1.3 JSON) as `version` shows it; unchanged for v1.3.
nlohmann::json conform_to_version(nlohmann::json resource, ResourceType type, ApiVersion version);

}  // namespace crosspoint::nmos
