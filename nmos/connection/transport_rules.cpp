#include "nmos/connection/transport_rules.hpp"

#include <stdexcept>

#include "crosspoint/st2110/ipv4.hpp"
#include "nmos/connection/activation.hpp"
#include "nmos/connection/parameter_constraint.hpp"

namespace crosspoint::nmos::connection {

nlohmann::json TransportRules::initial_active() const {
  nlohmann::json active = resolve(initial_staged());
  active["activation"] = activation_json(std::nullopt, std::nullopt, std::nullopt);
  return active;
}

std::optional<StageError> TransportRules::apply_common(const nlohmann::json& body, nlohmann::json& staged,
                                                       const char* peer_key) const {
  if (const auto peer = body.find(peer_key); peer != body.end()) staged[peer_key] = *peer;
  if (const auto enable = body.find("master_enable"); enable != body.end()) staged["master_enable"] = *enable;
  const auto params = body.find("transport_params");
  if (params == body.end()) return std::nullopt;
  if (params->size() != legs()) {
    return bad_request("transport_params: " + std::to_string(params->size()) + " legs given, this " +
                       (kind() == ConnectionKind::kSender ? "sender" : "receiver") + " has " +
                       std::to_string(legs()));
  }
  for (std::size_t leg = 0; leg < params->size(); ++leg) {
    if (auto error = merge_leg((*params)[leg], leg, staged, "transport_params[" + std::to_string(leg) + "]"))
      return error;
  }
  return std::nullopt;
}

std::optional<StageError> TransportRules::merge_leg(const nlohmann::json& values, std::size_t index,
                                                    nlohmann::json& staged, const std::string& where) const {
  const nlohmann::json leg_constraints = constraints().at(index);
  nlohmann::json& leg = staged["transport_params"][index];
  for (const auto& [key, value] : values.items()) {
    const std::string field = where + "." + key;
    const auto constraint = leg_constraints.find(key);
    if (constraint == leg_constraints.end())
      return bad_request(field + ": not a transport parameter of this " +
                         (kind() == ConnectionKind::kSender ? std::string("sender") : std::string("receiver")));
    if (key.find("_ip") != std::string::npos) {
      if (auto error = require_ipv4(value, field)) return error;
    }
    if (auto why = violates(*constraint, value)) return bad_request(field + ": " + *why);
    leg[key] = value;
  }
  return std::nullopt;
}

std::vector<ConnectionInterface> leg_interfaces(const std::vector<std::string>& names,
                                                const std::vector<ConnectionInterface>& interfaces,
                                                const std::string& owner) {
  if (names.empty() || names.size() > 2)
    throw std::invalid_argument(owner + ": needs one interface per leg, one or two legs");
  std::vector<ConnectionInterface> legs;
  for (const std::string& name : names) {
    const ConnectionInterface* found = nullptr;
    for (const ConnectionInterface& candidate : interfaces) {
      if (candidate.name == name) found = &candidate;
    }
    if (found == nullptr) throw std::invalid_argument(owner + ": no interface named " + name);
    if (!st2110::Ipv4Address::parse(found->address))
      throw std::invalid_argument(owner + ": interface " + name + " has no IPv4 address: " + found->address);
    legs.push_back(*found);
  }
  return legs;
}

std::optional<StageError> require_ipv4(const nlohmann::json& value, const std::string& field) {
  if (!value.is_string() || value == "auto") return std::nullopt;
  if (!st2110::Ipv4Address::parse(value.get<std::string>()))
    return bad_request(field + ": " + value.get<std::string>() + " is not an IPv4 address (this node has IPv4 only)");
  return std::nullopt;
}

}  // namespace crosspoint::nmos::connection
