// The Receiver resource (receiver_video.json / receiver_audio.json / receiver_data.json) with caps: media
// types, and BCP-004-01 constraint sets where the input accepts only a known format.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

struct ReceiverSubscription {
  std::optional<std::string> sender_id;
  bool active = false;
};

struct ReceiverResource {
  ResourceCore core;
  std::string format;  // "urn:x-nmos:format:video" | ":audio" | ":data"
  std::string device_id;
  std::string transport = "urn:x-nmos:transport:rtp.mcast";
  std::vector<std::string> interface_bindings;
  ReceiverSubscription subscription;
  std::vector<std::string> media_types;  // caps.media_types
  nlohmann::json constraint_sets;        // caps.constraint_sets (BCP-004-01), null when none
};

nlohmann::json to_json(const ReceiverResource& receiver);

}  // namespace crosspoint::nmos
