#include "nmos/connection/format_acceptance.hpp"

#include "nmos/connection/media_type_name.hpp"
#include "nmos/connection/parameter_constraint.hpp"
#include "nmos/resources/constraint_sets.hpp"

namespace crosspoint::nmos::connection {
namespace {

// Why `offered` (one value per capability) misses `set`, or nullopt when it meets every constraint of it.
std::optional<std::string> misses(const nlohmann::json& set, const nlohmann::json& offered) {
  for (const auto& [capability, constraint] : set.items()) {
    if (capability.rfind("urn:x-nmos:cap:meta:", 0) == 0) continue;
    const auto value = offered.find(capability);
    // A capability the offer does not state cannot be checked; the receiver's set still constrains what is stated.
    if (value == offered.end()) continue;
    if (auto why = violates(constraint, *value)) {
      const auto allowed = constraint.find("enum");
      return capability + ": offered " + value->dump() + ", the receiver takes " +
             (allowed != constraint.end() ? allowed->dump() : *why);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> why_not_acceptable(const ReceiverConnection& receiver, const st2110::MediaFormat& offered) {
  const st2110::MediaType offered_type = st2110::media_type_of(offered);
  if (offered_type != receiver.media_type) {
    return std::string("the transport file carries ") + media_type_name(offered_type) + ", this receiver takes " +
           media_type_name(receiver.media_type);
  }
  if (!receiver.format) return std::nullopt;
  // The offer as capability values: the single-value constraint set of the offered format.
  nlohmann::json offered_values = nlohmann::json::object();
  const nlohmann::json offered_sets = constraint_sets_for(offered);
  for (const auto& [capability, constraint] : offered_sets.at(0).items()) {
    // BCP-004-01 meta entries (label, preference, enabled) describe the set; they are not capabilities.
    if (capability.rfind("urn:x-nmos:cap:meta:", 0) == 0) continue;
    offered_values[capability] = constraint.at("enum").at(0);
  }
  std::string reasons;
  for (const nlohmann::json& set : constraint_sets_for(*receiver.format)) {
    if (set.value("urn:x-nmos:cap:meta:enabled", true) == false) continue;
    const auto why = misses(set, offered_values);
    if (!why) return std::nullopt;
    reasons += (reasons.empty() ? "" : "; ") + *why;
  }
  return "the format is not one this receiver accepts: " + reasons;
}

}  // namespace crosspoint::nmos::connection
