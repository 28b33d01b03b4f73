// The references from a resource to the one it belongs to, which the registry enforces on registration and
// follows on removal (a device's "node_id" names a node).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "nmos/resources/resource_type.hpp"

namespace crosspoint::nmos::registry {

struct ParentReference {
  std::string_view key;
  ResourceType parent_type;
};

// The parent references of a type; a v1.3 flow names both its source and its device.
[[nodiscard]] std::array<std::optional<ParentReference>, 2> parent_references(ResourceType type);

}  // namespace crosspoint::nmos::registry
