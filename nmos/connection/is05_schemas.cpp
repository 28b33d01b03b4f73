#include "nmos/connection/is05_schemas.hpp"

#include <stdexcept>

namespace crosspoint::nmos::connection {

const registry::SchemaValidator& is05_validator() {
  static const registry::SchemaValidator validator = [] {
    auto loaded = registry::SchemaValidator::from_texts(registry::embedded_is05_schemas());
    if (!loaded) throw std::runtime_error("embedded IS-05 schemas do not load: " + loaded.error());
    return std::move(*loaded);
  }();
  return validator;
}

}  // namespace crosspoint::nmos::connection
