#include "nmos/resources/receiver_resource.hpp"

namespace crosspoint::nmos {

nlohmann::json to_json(const ReceiverResource& receiver) {
  nlohmann::json out = core_to_json(receiver.core);
  out["format"] = receiver.format;
  out["device_id"] = receiver.device_id;
  out["transport"] = receiver.transport;
  out["interface_bindings"] = receiver.interface_bindings;
  out["subscription"] = {
      {"sender_id", receiver.subscription.sender_id ? nlohmann::json(*receiver.subscription.sender_id) : nlohmann::json(nullptr)},
      {"active", receiver.subscription.active}};
  nlohmann::json caps = nlohmann::json::object();
  if (!receiver.media_types.empty()) caps["media_types"] = receiver.media_types;
  if (receiver.constraint_sets.is_array()) {
    caps["constraint_sets"] = receiver.constraint_sets;
    caps["version"] = receiver.core.version.to_nmos_string();
  }
  out["caps"] = std::move(caps);
  return out;
}

}  // namespace crosspoint::nmos
