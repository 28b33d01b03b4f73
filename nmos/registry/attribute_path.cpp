#include "nmos/registry/attribute_path.hpp"

namespace crosspoint::nmos::registry {

void collect_attribute_values(const nlohmann::json& document, std::string_view path,
                              std::vector<const nlohmann::json*>& values) {
  if (document.is_array()) {
    for (const auto& element : document) collect_attribute_values(element, path, values);
    return;
  }
  if (path.empty()) {
    values.push_back(&document);
    return;
  }
  if (!document.is_object()) return;
  // Try every split at a dot, so a key containing dots is found as well as a nested one.
  for (std::size_t end = path.find('.');; end = path.find('.', end + 1)) {
    const std::string_view key = path.substr(0, end);
    const auto member = document.find(key);
    if (member != document.end()) {
      collect_attribute_values(*member, end == std::string_view::npos ? std::string_view{} : path.substr(end + 1),
                               values);
    }
    if (end == std::string_view::npos) break;
  }
}

bool erase_attribute(nlohmann::json& document, std::string_view path) {
  if (document.is_array()) {
    bool erased = false;
    for (auto& element : document) erased = erase_attribute(element, path) || erased;
    return erased;
  }
  if (!document.is_object() || path.empty()) return false;
  const auto dot = path.find('.');
  const std::string key(path.substr(0, dot));
  const auto member = document.find(key);
  if (member == document.end()) return false;
  if (dot == std::string_view::npos) {
    document.erase(member);
    return true;
  }
  return erase_attribute(*member, path.substr(dot + 1));
}

}  // namespace crosspoint::nmos::registry
