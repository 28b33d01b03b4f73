// What every IS-04 resource has (resource_core.json): id, version, label, description, tags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::nmos {

using Tags = std::map<std::string, std::vector<std::string>>;

struct ResourceCore {
  std::string id;      // UUID, lower case
  PtpTime version;     // TAI time of the last change
  std::string label;
  std::string description;
  Tags tags;
};

// The resource_core keys of a resource as a JSON object the resource adds its own keys to.
nlohmann::json core_to_json(const ResourceCore& core);

// {"numerator": n, "denominator": d}, the denominator left out when 1 as the schemas allow.
template <class R>
nlohmann::json rational_to_json(const R& rational) {
  nlohmann::json out = {{"numerator", rational.numerator}};
  if (rational.denominator != 1) out["denominator"] = rational.denominator;
  return out;
}

}  // namespace crosspoint::nmos
