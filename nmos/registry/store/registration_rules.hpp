// The checks every registry store makes before it keeps a registration (IS-04 Registration API): a document
// with a UUID id and a version, parents that exist and are of the right type, and updates that keep the
// resource's type, API version and parents and never go back in version.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/registry/registered_resource.hpp"

namespace crosspoint::nmos::registry {

// Why a registration or deletion was refused, with the HTTP status the Registration API answers.
struct RegistryError {
  int status = 400;
  std::string message;
  std::optional<ApiVersion> registered_version;  // for 409: the version the resource was registered at
};

// The resource as it would be stored, without its stamps: refused when the document is not an object with a
// lower-case UUID "id" and a "<seconds>:<nanoseconds>" "version".
[[nodiscard]] Expected<std::shared_ptr<RegisteredResource>, RegistryError> prepare_registration(
    ResourceType type, nlohmann::json data, ApiVersion api_version);

// Whether `next` may replace `existing` (same id).
[[nodiscard]] std::optional<RegistryError> check_update(const RegisteredResource& existing,
                                                        const RegisteredResource& next);

// The registered resource with an id, or null; how a store lets the rules see its parents.
using ResourceLookup = std::function<ResourcePtr(const std::string& id)>;
[[nodiscard]] std::optional<RegistryError> check_parents(ResourceType type, const nlohmann::json& data,
                                                         const ResourceLookup& lookup);

// The ids a resource names as its parents (node_id, device_id, source_id).
[[nodiscard]] std::vector<std::string> parent_ids(const RegisteredResource& resource);

[[nodiscard]] RegistryError not_registered(ResourceType type, const std::string& id);
// 409: the resource is registered through another API version.
[[nodiscard]] RegistryError registered_elsewhere(const RegisteredResource& existing);

}  // namespace crosspoint::nmos::registry
