#include "nmos/connection/sender_rules.hpp"

#include <stdexcept>

#include "nmos/connection/activation.hpp"
#include "nmos/connection/parameter_constraint.hpp"

namespace crosspoint::nmos::connection {

SenderRules::SenderRules(SenderConnection sender, const std::vector<ConnectionInterface>& interfaces)
    : sender_(std::move(sender)), interfaces_(leg_interfaces(sender_.interfaces, interfaces, "sender " + sender_.id)) {
  if (sender_.destinations.size() != interfaces_.size())
    throw std::invalid_argument("sender " + sender_.id + ": needs one destination per leg");
  for (const std::string& destination : sender_.destinations) {
    const auto address = st2110::Ipv4Address::parse(destination);
    if (!address) throw std::invalid_argument("sender " + sender_.id + ": destination " + destination + " is not IPv4");
  }
  constraints_ = nlohmann::json::array();
  for (const ConnectionInterface& leg : interfaces_) {
    constraints_.push_back({
        {"source_ip", {{"enum", {leg.address}}}},
        // Any destination: a controller may point a multicast sender at a unicast receiver (IS-05-02 test_10).
        {"destination_ip", nlohmann::json::object()},
        {"source_port", range_constraint(sender_.ports.min, sender_.ports.max)},
        {"destination_port", range_constraint(sender_.ports.min, sender_.ports.max)},
        {"rtp_enabled", nlohmann::json::object()},
    });
  }
}

nlohmann::json SenderRules::initial_staged() const {
  nlohmann::json legs = nlohmann::json::array();
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    legs.push_back({{"source_ip", "auto"},
                    {"destination_ip", "auto"},
                    {"source_port", "auto"},
                    {"destination_port", "auto"},
                    {"rtp_enabled", true}});
  }
  return {{"receiver_id", nullptr},
          {"master_enable", sender_.master_enable},
          {"activation", activation_json(std::nullopt, std::nullopt, std::nullopt)},
          {"transport_params", legs}};
}

std::optional<StageError> SenderRules::apply(const nlohmann::json& body, nlohmann::json& staged) const {
  return apply_common(body, staged, "receiver_id");
}

nlohmann::json SenderRules::resolve(const nlohmann::json& staged) const {
  nlohmann::json active = staged;
  active.erase("activation");
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    nlohmann::json& leg = active["transport_params"][i];
    if (leg["source_ip"] == "auto") leg["source_ip"] = interfaces_[i].address;
    if (leg["destination_ip"] == "auto") leg["destination_ip"] = sender_.destinations[i];
    if (leg["source_port"] == "auto") leg["source_port"] = sender_.source_port;
    if (leg["destination_port"] == "auto") leg["destination_port"] = sender_.destination_port;
  }
  return active;
}

SenderActivation SenderRules::activation(const nlohmann::json& active) const {
  SenderActivation out;
  out.sender_id = sender_.id;
  out.output = sender_.output;
  out.master_enable = active.at("master_enable").get<bool>();
  if (!active.at("receiver_id").is_null()) out.receiver_id = active.at("receiver_id").get<std::string>();
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    const nlohmann::json& leg = active.at("transport_params").at(i);
    SenderLegActivation resolved;
    resolved.interface = interfaces_[i].name;
    resolved.source_ip = *st2110::Ipv4Address::parse(leg.at("source_ip").get<std::string>());
    resolved.destination_ip = *st2110::Ipv4Address::parse(leg.at("destination_ip").get<std::string>());
    resolved.source_port = leg.at("source_port").get<std::uint16_t>();
    resolved.destination_port = leg.at("destination_port").get<std::uint16_t>();
    resolved.rtp_enabled = leg.at("rtp_enabled").get<bool>();
    out.legs.push_back(resolved);
  }
  return out;
}

}  // namespace crosspoint::nmos::connection
