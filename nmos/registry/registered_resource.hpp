// RegisteredResource: one resource as the registry holds it, immutable once stored (a change stores a new one).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/time/ptp_time.hpp"
#include "nmos/resources/api_version.hpp"
#include "nmos/resources/resource_type.hpp"

namespace crosspoint::nmos::registry {

struct RegisteredResource {
  ResourceType type = ResourceType::kNode;
  std::string id;
  ApiVersion api_version;  // the Registration API version it was registered through
  nlohmann::json data;     // the resource document exactly as registered
  std::string serialized;  // data.dump(), once: collections are served by concatenating these
  PtpTime created;         // paging cursors: unique and monotonic across the registry
  PtpTime updated;
};

using ResourcePtr = std::shared_ptr<const RegisteredResource>;

// A change to the registry: pre is null for a creation, post is null for a deletion.
struct ResourceChange {
  ResourceType type = ResourceType::kNode;
  std::string id;
  ResourcePtr pre;
  ResourcePtr post;
};

}  // namespace crosspoint::nmos::registry
