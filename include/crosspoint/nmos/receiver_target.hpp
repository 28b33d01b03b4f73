// PUT /receivers/{id}/target (the Node API's deprecated connection request), as the daemon is asked to apply it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos {

// The sender to receive from (its Node API JSON), or nothing (stop).
struct ReceiverTarget {
  std::string receiver_id;
  std::optional<nlohmann::json> sender;  // the sender resource as PUT; nullopt for {}
};

// Applies a target on the daemon side (outside the io threads; it may take its time). An error text means the
// target was not applied; the receiver's subscription changes only on success.
using TargetApplier = std::function<std::optional<std::string>(const ReceiverTarget& target)>;

}  // namespace crosspoint::nmos
