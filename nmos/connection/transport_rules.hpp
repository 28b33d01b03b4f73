// What a sender or a receiver allows on the Connection API: its legs and their constraints, its staged document
// before any PATCH, how a PATCH body changes a staged document, and how `auto` resolves into /active.
// Pure: no clock, no HTTP, no backend. SenderRules and ReceiverRules are the two kinds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/nmos/connection_service.hpp"
#include "nmos/connection/stage_error.hpp"

namespace crosspoint::nmos::connection {

class TransportRules {
 public:
  virtual ~TransportRules() = default;

  [[nodiscard]] virtual ConnectionKind kind() const = 0;
  [[nodiscard]] virtual const std::string& id() const = 0;
  // The request schema of PATCH /staged ("sender-stage-schema.json").
  [[nodiscard]] virtual const char* stage_schema() const = 0;
  // One object per leg: every transport parameter it has, with enum/minimum/maximum/pattern.
  [[nodiscard]] virtual nlohmann::json constraints() const = 0;
  // The staged document at start (activation block all null).
  [[nodiscard]] virtual nlohmann::json initial_staged() const = 0;
  // Applies a schema-valid body's fields but `activation` to a copy of the staged document.
  virtual std::optional<StageError> apply(const nlohmann::json& body, nlohmann::json& staged) const = 0;
  // The active document (without `activation`) that activating `staged` gives: `auto` resolved.
  [[nodiscard]] virtual nlohmann::json resolve(const nlohmann::json& staged) const = 0;
  // Whether `next` (a resolved document) may replace `current` (the active one) in one activation.
  [[nodiscard]] virtual std::optional<StageError> check_activation(const nlohmann::json& next,
                                                                   const nlohmann::json& current) const {
    (void)next;
    (void)current;
    return std::nullopt;
  }

  [[nodiscard]] std::size_t legs() const { return constraints().size(); }
  // The active document at start: the initial staged one resolved, activation block all null.
  [[nodiscard]] nlohmann::json initial_active() const;

 protected:
  // master_enable, the peer id (`sender_id` of a receiver, `receiver_id` of a sender) and transport_params, each
  // leg's values checked against its constraints; the error names the first field that breaks them.
  std::optional<StageError> apply_common(const nlohmann::json& body, nlohmann::json& staged, const char* peer_key) const;
  // Merges one leg's values into staged leg `index`, checking each; `where` prefixes the field names.
  std::optional<StageError> merge_leg(const nlohmann::json& values, std::size_t index, nlohmann::json& staged,
                                      const std::string& where) const;
};

// The interfaces a sender's or receiver's legs name, in leg order; throws std::invalid_argument naming an
// unknown one.
std::vector<ConnectionInterface> leg_interfaces(const std::vector<std::string>& names,
                                                const std::vector<ConnectionInterface>& interfaces,
                                                const std::string& owner);

// An address the node can use: IPv4 only (IPv6 addresses pass the schema but not this node).
std::optional<StageError> require_ipv4(const nlohmann::json& value, const std::string& field);

}  // namespace crosspoint::nmos::connection
