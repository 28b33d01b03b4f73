#include "nmos/resources/source_resource.hpp"

namespace crosspoint::nmos {

nlohmann::json to_json(const SourceResource& source) {
  nlohmann::json out = core_to_json(source.core);
  out["format"] = source.format;
  out["caps"] = nlohmann::json::object();
  out["device_id"] = source.device_id;
  out["parents"] = source.parents;
  out["clock_name"] = source.clock_name ? nlohmann::json(*source.clock_name) : nlohmann::json(nullptr);
  if (source.grain_rate) out["grain_rate"] = rational_to_json(*source.grain_rate);
  if (source.format == "urn:x-nmos:format:audio") {
    nlohmann::json channels = nlohmann::json::array();
    for (const AudioChannel& c : source.channels) {
      nlohmann::json channel = {{"label", c.label}};
      if (c.symbol) channel["symbol"] = *c.symbol;
      channels.push_back(std::move(channel));
    }
    out["channels"] = std::move(channels);
  }
  return out;
}

}  // namespace crosspoint::nmos
