#include "nmos/connection/parameter_constraint.hpp"

#include <regex>

namespace crosspoint::nmos::connection {

std::optional<std::string> violates(const nlohmann::json& constraint, const nlohmann::json& value) {
  if (value.is_null() || value == "auto") return std::nullopt;
  if (const auto e = constraint.find("enum"); e != constraint.end()) {
    bool found = false;
    for (const auto& allowed : *e) found = found || allowed == value;
    if (!found) return value.dump() + " is not one of " + e->dump();
  }
  if (value.is_number()) {
    if (const auto m = constraint.find("minimum"); m != constraint.end() && value < *m)
      return value.dump() + " is below the minimum " + m->dump();
    if (const auto m = constraint.find("maximum"); m != constraint.end() && value > *m)
      return value.dump() + " is above the maximum " + m->dump();
  }
  if (const auto p = constraint.find("pattern"); p != constraint.end() && value.is_string()) {
    if (!std::regex_search(value.get<std::string>(), std::regex(p->get<std::string>(), std::regex::ECMAScript)))
      return value.dump() + " does not match " + p->dump();
  }
  return std::nullopt;
}

nlohmann::json range_constraint(int minimum, int maximum) { return {{"minimum", minimum}, {"maximum", maximum}}; }

}  // namespace crosspoint::nmos::connection
