// The Sender resource (sender.json).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

inline constexpr const char* kTransportRtpMulticast = "urn:x-nmos:transport:rtp.mcast";
inline constexpr const char* kTransportRtpUnicast = "urn:x-nmos:transport:rtp.ucast";

struct SenderSubscription {
  std::optional<std::string> receiver_id;  // only for active unicast push to an NMOS receiver
  bool active = false;
};

struct SenderResource {
  ResourceCore core;
  std::optional<std::string> flow_id;
  std::string transport = kTransportRtpMulticast;
  std::string device_id;
  std::optional<std::string> manifest_href;  // the IS-05 transport file (SDP)
  std::vector<std::string> interface_bindings;
  SenderSubscription subscription;
};

nlohmann::json to_json(const SenderResource& sender);

}  // namespace crosspoint::nmos
