// The Source resource (source_generic.json / source_audio.json / source_data.json).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/time/rational.hpp"
#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

struct AudioChannel {
  std::string label;
  std::optional<std::string> symbol;  // from the NMOS channel symbols register, e.g. "L", "R"
};

struct SourceResource {
  ResourceCore core;
  std::string format;  // "urn:x-nmos:format:video" | ":audio" | ":data"
  std::string device_id;
  std::vector<std::string> parents;
  std::optional<std::string> clock_name;  // null when the source is not clocked
  std::optional<Rational> grain_rate;
  std::vector<AudioChannel> channels;     // audio sources only
};

nlohmann::json to_json(const SourceResource& source);

}  // namespace crosspoint::nmos
