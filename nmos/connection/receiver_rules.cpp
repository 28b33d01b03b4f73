#include "nmos/connection/receiver_rules.hpp"

#include "nmos/connection/activation.hpp"
#include "nmos/connection/parameter_constraint.hpp"
#include "nmos/connection/receiver_transport_file.hpp"

namespace crosspoint::nmos::connection {
namespace {

std::optional<st2110::Ipv4Address> address_or_null(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return st2110::Ipv4Address::parse(value.get<std::string>());
}

}  // namespace

ReceiverRules::ReceiverRules(ReceiverConnection receiver, const std::vector<ConnectionInterface>& interfaces)
    : receiver_(std::move(receiver)),
      interfaces_(leg_interfaces(receiver_.interfaces, interfaces, "receiver " + receiver_.id)) {
  constraints_ = nlohmann::json::array();
  for (const ConnectionInterface& leg : interfaces_) {
    nlohmann::json multicast = nlohmann::json::object();
    if (receiver_.multicast) multicast["pattern"] = kMulticastPattern;
    constraints_.push_back({
        {"source_ip", nlohmann::json::object()},
        {"multicast_ip", multicast},
        {"interface_ip", {{"enum", {leg.address}}}},
        {"destination_port", range_constraint(receiver_.ports.min, receiver_.ports.max)},
        {"rtp_enabled", nlohmann::json::object()},
    });
  }
}

nlohmann::json ReceiverRules::initial_staged() const {
  nlohmann::json legs = nlohmann::json::array();
  const bool starts_receiving = receiver_.start.size() == interfaces_.size();
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    nlohmann::json leg = {{"source_ip", nullptr},
                          {"multicast_ip", nullptr},
                          {"interface_ip", "auto"},
                          {"destination_port", "auto"},
                          {"rtp_enabled", true}};
    if (starts_receiving) {
      const ReceiverLegStart& start = receiver_.start[i];
      if (start.source_ip) leg["source_ip"] = *start.source_ip;
      if (start.multicast_ip) leg["multicast_ip"] = *start.multicast_ip;
      leg["destination_port"] = start.destination_port;
    }
    legs.push_back(std::move(leg));
  }
  return {{"sender_id", nullptr},
          {"master_enable", starts_receiving},
          {"activation", activation_json(std::nullopt, std::nullopt, std::nullopt)},
          {"transport_file", {{"data", nullptr}, {"type", nullptr}}},
          {"transport_params", legs}};
}

std::optional<StageError> ReceiverRules::apply(const nlohmann::json& body, nlohmann::json& staged) const {
  if (const auto file = body.find("transport_file"); file != body.end()) {
    if (auto error = apply_transport_file(*file, staged)) return error;
  }
  return apply_common(body, staged, "sender_id");
}

std::optional<StageError> ReceiverRules::apply_transport_file(const nlohmann::json& file, nlohmann::json& staged) const {
  const nlohmann::json& data = file.at("data");
  if (data.is_null()) {
    staged["transport_file"] = {{"data", nullptr}, {"type", nullptr}};
    return std::nullopt;
  }
  if (file.at("type") != "application/sdp") {
    return bad_request("transport_file.type: " + file.at("type").dump() +
                       " is not a type this receiver reads (application/sdp)");
  }
  auto legs = receiver_legs_from_sdp(data.get<std::string>(), receiver_, interfaces_.size());
  if (!legs) return bad_request("transport_file.data: " + legs.error());
  for (std::size_t leg = 0; leg < legs->size(); ++leg) {
    if (auto error = merge_leg((*legs)[leg], leg, staged, "transport_file (leg " + std::to_string(leg) + ")"))
      return error;
  }
  staged["transport_file"] = {{"data", data}, {"type", "application/sdp"}};
  return std::nullopt;
}

nlohmann::json ReceiverRules::resolve(const nlohmann::json& staged) const {
  nlohmann::json active = staged;
  active.erase("activation");
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    nlohmann::json& leg = active["transport_params"][i];
    if (leg["interface_ip"] == "auto") leg["interface_ip"] = interfaces_[i].address;
    if (leg["destination_port"] == "auto") leg["destination_port"] = receiver_.destination_port;
  }
  return active;
}

std::optional<StageError> ReceiverRules::check_activation(const nlohmann::json& next, const nlohmann::json& current) const {
  if (interfaces_.size() < 2 || !next.at("master_enable").get<bool>() || !current.at("master_enable").get<bool>())
    return std::nullopt;
  // A leg's flow: what the engine matches it on.
  auto flow = [](const nlohmann::json& leg) {
    return nlohmann::json::array({leg.at("multicast_ip"), leg.at("source_ip"), leg.at("destination_port"), leg.at("rtp_enabled")});
  };
  std::vector<std::size_t> kept;
  std::vector<std::size_t> moved;
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    const nlohmann::json& before = current.at("transport_params").at(i);
    const nlohmann::json& after = next.at("transport_params").at(i);
    (flow(before) == flow(after) ? kept : moved).push_back(i);
  }
  if (kept.empty() || moved.empty()) return std::nullopt;
  const std::string leg = "transport_params[" + std::to_string(kept.front()) + "]";
  return bad_request(leg + ": an ST 2022-7 receiver moves both legs to a new flow or neither; leg " +
                     std::to_string(moved.front()) + " changes while leg " + std::to_string(kept.front()) +
                     " stays on " + current.at("transport_params").at(kept.front()).at("multicast_ip").dump());
}

ReceiverActivation ReceiverRules::activation(const nlohmann::json& active) const {
  ReceiverActivation out;
  out.receiver_id = receiver_.id;
  out.input = receiver_.input;
  out.master_enable = active.at("master_enable").get<bool>();
  if (!active.at("sender_id").is_null()) out.sender_id = active.at("sender_id").get<std::string>();
  const nlohmann::json& file = active.at("transport_file").at("data");
  if (!file.is_null()) out.transport_file = file.get<std::string>();
  for (std::size_t i = 0; i < interfaces_.size(); ++i) {
    const nlohmann::json& leg = active.at("transport_params").at(i);
    ReceiverLegActivation resolved;
    resolved.interface = interfaces_[i].name;
    resolved.interface_ip = *st2110::Ipv4Address::parse(leg.at("interface_ip").get<std::string>());
    resolved.multicast_ip = address_or_null(leg.at("multicast_ip"));
    resolved.source_ip = address_or_null(leg.at("source_ip"));
    resolved.destination_port = leg.at("destination_port").get<std::uint16_t>();
    resolved.rtp_enabled = leg.at("rtp_enabled").get<bool>();
    out.legs.push_back(resolved);
  }
  return out;
}

}  // namespace crosspoint::nmos::connection
