#include "nmos/resources/device_resource.hpp"

namespace crosspoint::nmos {

nlohmann::json to_json(const DeviceResource& device) {
  nlohmann::json out = core_to_json(device.core);
  out["type"] = device.type;
  out["node_id"] = device.node_id;
  out["senders"] = device.senders;
  out["receivers"] = device.receivers;
  nlohmann::json controls = nlohmann::json::array();
  for (const DeviceControl& c : device.controls)
    controls.push_back({{"href", c.href}, {"type", c.type}, {"authorization", c.authorization}});
  out["controls"] = std::move(controls);
  return out;
}

}  // namespace crosspoint::nmos
