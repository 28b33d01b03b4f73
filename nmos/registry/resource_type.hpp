// ResourceType: the six IS-04 resource kinds a registry holds, with their singular and plural spellings.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace crosspoint::nmos::registry {

enum class ResourceType { kNode, kDevice, kSource, kFlow, kSender, kReceiver };

inline constexpr std::array<ResourceType, 6> kAllResourceTypes = {
    ResourceType::kNode, ResourceType::kDevice, ResourceType::kSource,
    ResourceType::kFlow, ResourceType::kSender, ResourceType::kReceiver};

// "node", as in the Registration API body's "type".
[[nodiscard]] std::string_view singular_name(ResourceType type);
// "nodes", as in URL paths.
[[nodiscard]] std::string_view plural_name(ResourceType type);

[[nodiscard]] std::optional<ResourceType> parse_singular_type(std::string_view name);
[[nodiscard]] std::optional<ResourceType> parse_plural_type(std::string_view name);

// A reference from a resource to the one it belongs to, e.g. a device's "node_id" names a node.
struct ParentReference {
  std::string_view key;
  ResourceType parent_type;
};

// The parent references a registry enforces, by type; a v1.3 flow names both its source and its device.
[[nodiscard]] std::array<std::optional<ParentReference>, 2> parent_references(ResourceType type);

}  // namespace crosspoint::nmos::registry
