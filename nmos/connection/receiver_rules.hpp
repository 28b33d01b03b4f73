// The Connection API rules of one receiver (an engine input): interface_ip is its leg's interface address,
// multicast_ip a group (or null: unicast), source_ip any sender (null: any source), ports within its range,
// and a transport file (SDP) that sets all of them at once.
#pragma once

#include <vector>

#include "nmos/connection/transport_rules.hpp"

namespace crosspoint::nmos::connection {

class ReceiverRules final : public TransportRules {
 public:
  ReceiverRules(ReceiverConnection receiver, const std::vector<ConnectionInterface>& interfaces);

  [[nodiscard]] ConnectionKind kind() const override { return ConnectionKind::kReceiver; }
  [[nodiscard]] const std::string& id() const override { return receiver_.id; }
  [[nodiscard]] const char* stage_schema() const override { return "receiver-stage-schema.json"; }
  [[nodiscard]] nlohmann::json constraints() const override { return constraints_; }
  [[nodiscard]] nlohmann::json initial_staged() const override;
  // transport_file first, then the other fields: explicit transport_params override the file's values.
  std::optional<StageError> apply(const nlohmann::json& body, nlohmann::json& staged) const override;
  [[nodiscard]] nlohmann::json resolve(const nlohmann::json& staged) const override;
  // An ST 2022-7 receiver changes the flows of both legs together or of none: the engine joins the new pair
  // before it leaves the old one, so a leg cannot keep its flow while the other moves.
  [[nodiscard]] std::optional<StageError> check_activation(const nlohmann::json& next,
                                                           const nlohmann::json& current) const override;

  [[nodiscard]] ReceiverActivation activation(const nlohmann::json& active) const;
  [[nodiscard]] const ReceiverConnection& receiver() const { return receiver_; }

 private:
  std::optional<StageError> apply_transport_file(const nlohmann::json& file, nlohmann::json& staged) const;

  ReceiverConnection receiver_;
  std::vector<ConnectionInterface> interfaces_;
  nlohmann::json constraints_;
};

}  // namespace crosspoint::nmos::connection
