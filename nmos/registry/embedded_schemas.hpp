// The AMWA IS-04 v1.3 schemas compiled into the binary (generated from nmos/schemas/is-04-v1.3 at build time).
#pragma once

#include <map>
#include <string>

namespace crosspoint::nmos::registry {

// File name ("node.json") -> schema text.
const std::map<std::string, std::string>& embedded_is04_schemas();

}  // namespace crosspoint::nmos::registry
