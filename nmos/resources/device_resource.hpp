// The Device resource (device.json): a logical unit of the node holding senders and receivers.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

struct DeviceControl {
  std::string href;
  std::string type;  // e.g. "urn:x-nmos:control:sr-ctrl/v1.1" for the IS-05 Connection API
  bool authorization = false;
};

struct DeviceResource {
  ResourceCore core;
  std::string type = "urn:x-nmos:device:generic";
  std::string node_id;
  std::vector<std::string> senders;    // deprecated in v1.2 but still required
  std::vector<std::string> receivers;  // deprecated in v1.2 but still required
  std::vector<DeviceControl> controls;
};

nlohmann::json to_json(const DeviceResource& device);

}  // namespace crosspoint::nmos
