#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

nlohmann::json core_to_json(const ResourceCore& core) {
  nlohmann::json tags = nlohmann::json::object();
  for (const auto& [key, values] : core.tags) tags[key] = values;
  return {
      {"id", core.id},
      {"version", core.version.to_nmos_string()},
      {"label", core.label},
      {"description", core.description},
      {"tags", std::move(tags)},
  };
}

}  // namespace crosspoint::nmos
