// The AMWA IS-05 v1.1 schemas compiled into the binary (generated from nmos/schemas/is-05-v1.1 at build time).
#pragma once

#include <map>
#include <string>

#include "nmos/registry/schema_validator.hpp"

namespace crosspoint::nmos::registry {

// File name ("sender-stage-schema.json") -> schema text.
const std::map<std::string, std::string>& embedded_is05_schemas();

}  // namespace crosspoint::nmos::registry

namespace crosspoint::nmos::connection {

// The embedded IS-05 schemas, loaded once.
const registry::SchemaValidator& is05_validator();

}  // namespace crosspoint::nmos::connection
