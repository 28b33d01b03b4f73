#include "nmos/registry/basic_query.hpp"

#include <charconv>

#include "nmos/registry/attribute_path.hpp"

namespace crosspoint::nmos::registry {

bool scalar_equals_text(const nlohmann::json& scalar, const std::string& text) {
  switch (scalar.type()) {
    case nlohmann::json::value_t::string:
      return scalar.get_ref<const std::string&>() == text;
    case nlohmann::json::value_t::boolean:
      return text == (scalar.get<bool>() ? "true" : "false");
    case nlohmann::json::value_t::null:
      return text == "null";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: {
      double number = 0;
      const auto* end = text.data() + text.size();
      const auto parsed = std::from_chars(text.data(), end, number);
      return parsed.ec == std::errc{} && parsed.ptr == end && number == scalar.get<double>();
    }
    default:
      return false;
  }
}

bool BasicQuery::matches(const nlohmann::json& resource) const {
  std::vector<const nlohmann::json*> values;
  for (const auto& [path, expected] : terms_) {
    values.clear();
    collect_attribute_values(resource, path, values);
    bool any = false;
    for (const auto* value : values) {
      if (scalar_equals_text(*value, expected)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace crosspoint::nmos::registry
