// The Connection API rules of one sender (an engine output): source_ip is its leg's interface address,
// destination_ip any IPv4 address (group or unicast), ports within its range.
#pragma once

#include <vector>

#include "nmos/connection/transport_rules.hpp"

namespace crosspoint::nmos::connection {

class SenderRules final : public TransportRules {
 public:
  // Throws std::invalid_argument naming what does not fit (unknown interface, destinations per leg).
  SenderRules(SenderConnection sender, const std::vector<ConnectionInterface>& interfaces);

  [[nodiscard]] ConnectionKind kind() const override { return ConnectionKind::kSender; }
  [[nodiscard]] const std::string& id() const override { return sender_.id; }
  [[nodiscard]] const char* stage_schema() const override { return "sender-stage-schema.json"; }
  [[nodiscard]] nlohmann::json constraints() const override { return constraints_; }
  [[nodiscard]] nlohmann::json initial_staged() const override;
  std::optional<StageError> apply(const nlohmann::json& body, nlohmann::json& staged) const override;
  [[nodiscard]] nlohmann::json resolve(const nlohmann::json& staged) const override;

  // What the backend is asked to do for a resolved active document.
  [[nodiscard]] SenderActivation activation(const nlohmann::json& active) const;
  [[nodiscard]] const SenderConnection& sender() const { return sender_; }
  [[nodiscard]] const std::vector<ConnectionInterface>& interfaces() const { return interfaces_; }

 private:
  SenderConnection sender_;
  std::vector<ConnectionInterface> interfaces_;  // per leg
  nlohmann::json constraints_;
};

}  // namespace crosspoint::nmos::connection
