#include "nmos/registry/resource_type.hpp"

namespace crosspoint::nmos::registry {

namespace {

struct TypeNames {
  ResourceType type;
  std::string_view singular;
  std::string_view plural;
};

constexpr std::array<TypeNames, 6> kNames = {{
    {ResourceType::kNode, "node", "nodes"},
    {ResourceType::kDevice, "device", "devices"},
    {ResourceType::kSource, "source", "sources"},
    {ResourceType::kFlow, "flow", "flows"},
    {ResourceType::kSender, "sender", "senders"},
    {ResourceType::kReceiver, "receiver", "receivers"},
}};

}  // namespace

std::string_view singular_name(ResourceType type) { return kNames[static_cast<std::size_t>(type)].singular; }

std::string_view plural_name(ResourceType type) { return kNames[static_cast<std::size_t>(type)].plural; }

std::optional<ResourceType> parse_singular_type(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.singular == name) return entry.type;
  }
  return std::nullopt;
}

std::optional<ResourceType> parse_plural_type(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.plural == name) return entry.type;
  }
  return std::nullopt;
}

std::array<std::optional<ParentReference>, 2> parent_references(ResourceType type) {
  switch (type) {
    case ResourceType::kNode:
      return {};
    case ResourceType::kDevice:
      return {ParentReference{"node_id", ResourceType::kNode}, std::nullopt};
    case ResourceType::kFlow:
      return {ParentReference{"source_id", ResourceType::kSource}, ParentReference{"device_id", ResourceType::kDevice}};
    case ResourceType::kSource:
    case ResourceType::kSender:
    case ResourceType::kReceiver:
      return {ParentReference{"device_id", ResourceType::kDevice}, std::nullopt};
  }
  return {};
}

}  // namespace crosspoint::nmos::registry
