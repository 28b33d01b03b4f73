// The IS-04 side of IS-05 activations: each landed activation sets the receiver's or sender's
// `subscription` in the node model, which bumps its version and so reaches the registries and WebSocket
// subscribers.
#pragma once

#include "crosspoint/nmos/connection_service.hpp"
#include "nmos/node/node_model.hpp"

namespace crosspoint::nmos {

class NodeSubscriptions final : public ConnectionObserver {
 public:
  explicit NodeSubscriptions(NodeModel& model) : model_(model) {}

  void receiver_activated(const std::string& receiver_id, const std::optional<std::string>& sender_id,
                          bool active) override {
    model_.set_receiver_subscription(receiver_id, sender_id, active);
  }
  void sender_activated(const std::string& sender_id, const std::optional<std::string>& receiver_id,
                        bool active) override {
    model_.set_sender_subscription(sender_id, receiver_id, active);
  }

 private:
  NodeModel& model_;
};

}  // namespace crosspoint::nmos
