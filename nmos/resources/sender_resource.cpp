#include "nmos/resources/sender_resource.hpp"

namespace crosspoint::nmos {

nlohmann::json to_json(const SenderResource& sender) {
  auto nullable = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json out = core_to_json(sender.core);
  out["flow_id"] = nullable(sender.flow_id);
  out["transport"] = sender.transport;
  out["device_id"] = sender.device_id;
  out["manifest_href"] = nullable(sender.manifest_href);
  out["interface_bindings"] = sender.interface_bindings;
  out["subscription"] = {{"receiver_id", nullable(sender.subscription.receiver_id)}, {"active", sender.subscription.active}};
  return out;
}

}  // namespace crosspoint::nmos
