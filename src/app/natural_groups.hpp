// BCP-002-01 group hints of the daemon's inputs and outputs: as configured ("<group>[:<role>[:<scope>]]",
// scope "device" or "node"), else the label as group and the media as role ("Video", "Audio", "Data").
// A role is unique within its group, as the BCP asks: a configured clash is an error naming both keys, a
// default one is numbered ("Video 2") so a default never breaks a configuration.
#pragma once

#include <map>
#include <string>

#include "config_node.hpp"
#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::app {

class NaturalGroups {
 public:
  // Reads `node`'s "group_hint" (which must be present) and claims it; throws ConfigError naming the key.
  nmos::GroupHint claim_configured(const ConfigNode& node, st2110::MediaType media);
  // The default for an input or output without one, claimed so no later one takes it.
  nmos::GroupHint claim_default(const std::string& label, st2110::MediaType media);

 private:
  std::map<std::string, std::string> holders_;  // "<scope>/<group>/<role>" -> the key path holding it
};

}  // namespace crosspoint::app
