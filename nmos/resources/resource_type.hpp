// The six IS-04 resource types and how the APIs name them.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace crosspoint::nmos {

enum class ResourceType { kNode, kDevice, kSource, kFlow, kSender, kReceiver };

// In the order a registry needs them: every resource after its parent.
inline constexpr std::array<ResourceType, 6> kRegistrationOrder = {
    ResourceType::kNode, ResourceType::kDevice, ResourceType::kSource,
    ResourceType::kFlow, ResourceType::kSender, ResourceType::kReceiver};

// "node", "device", ...: the Registration API `type` and DELETE path segment.
constexpr std::string_view singular_name(ResourceType type) {
  constexpr std::array<std::string_view, 6> names = {"node", "device", "source", "flow", "sender", "receiver"};
  return names[static_cast<std::size_t>(type)];
}

// "nodes", "devices", ...: the collection path segment.
constexpr std::string_view plural_name(ResourceType type) {
  constexpr std::array<std::string_view, 6> names = {"nodes", "devices", "sources", "flows", "senders", "receivers"};
  return names[static_cast<std::size_t>(type)];
}

inline std::optional<ResourceType> resource_type_from_singular(std::string_view name) {
  for (const ResourceType type : kRegistrationOrder)
    if (singular_name(type) == name) return type;
  return std::nullopt;
}

}  // namespace crosspoint::nmos
