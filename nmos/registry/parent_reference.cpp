#include "nmos/registry/parent_reference.hpp"

namespace crosspoint::nmos::registry {

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
