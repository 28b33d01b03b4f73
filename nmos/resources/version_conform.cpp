#include "nmos/resources/version_conform.hpp"

namespace crosspoint::nmos {
namespace {

void erase_in_each(nlohmann::json& array, const char* key) {
  if (!array.is_array()) return;
  for (nlohmann::json& item : array)
    if (item.is_object()) item.erase(key);
}

}  // namespace

nlohmann::json conform_to_version(nlohmann::json resource, ResourceType type, ApiVersion version) {
  if (version >= kV1_3) return resource;
  // v1.3 added authorization flags, IS-06 attached network devices and IS-07 event types.
  switch (type) {
    case ResourceType::kNode:
      if (resource.contains("api")) erase_in_each(resource["api"]["endpoints"], "authorization");
      erase_in_each(resource["services"], "authorization");
      erase_in_each(resource["interfaces"], "attached_network_device");
      break;
    case ResourceType::kDevice: erase_in_each(resource["controls"], "authorization"); break;
    case ResourceType::kSource:
    case ResourceType::kFlow: resource.erase("event_type"); break;
    case ResourceType::kSender: resource.erase("caps"); break;
    case ResourceType::kReceiver:
      if (resource.contains("caps")) resource["caps"].erase("event_types");
      break;
  }
  return resource;
}

}  // namespace crosspoint::nmos
