// ResourceType: the six IS-04 resource kinds, with their singular and plural spellings in the APIs.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace crosspoint::nmos {

enum class ResourceType { kNode, kDevice, kSource, kFlow, kSender, kReceiver };

// Every type, in the order a registry needs them: each after its parent.
inline constexpr std::array<ResourceType, 6> kAllResourceTypes = {
    ResourceType::kNode, ResourceType::kDevice, ResourceType::kSource,
    ResourceType::kFlow, ResourceType::kSender, ResourceType::kReceiver};

// "node", "device", ...: the Registration API body's `type` and DELETE path segment.
constexpr std::string_view singular_name(ResourceType type) {
  constexpr std::array<std::string_view, 6> names = {"node", "device", "source", "flow", "sender", "receiver"};
  return names[static_cast<std::size_t>(type)];
}

// "nodes", "devices", ...: the collection path segment.
constexpr std::string_view plural_name(ResourceType type) {
  constexpr std::array<std::string_view, 6> names = {"nodes", "devices", "sources", "flows", "senders", "receivers"};
  return names[static_cast<std::size_t>(type)];
}

constexpr std::optional<ResourceType> parse_singular_type(std::string_view name) {
  for (const ResourceType type : kAllResourceTypes)
    if (singular_name(type) == name) return type;
  return std::nullopt;
}

constexpr std::optional<ResourceType> parse_plural_type(std::string_view name) {
  for (const ResourceType type : kAllResourceTypes)
    if (plural_name(type) == name) return type;
  return std::nullopt;
}

}  // namespace crosspoint::nmos
