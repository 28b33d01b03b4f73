// BasicQuery: the Query API's "?key=value&key2=value2" filter. Every pair must match; a key reaching several
// values (arrays) matches when any of them equals the value; a key no resource has matches nothing.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos::registry {

class BasicQuery {
 public:
  void require(std::string path, std::string value) { terms_.emplace_back(std::move(path), std::move(value)); }

  [[nodiscard]] bool matches(const nlohmann::json& resource) const;
  [[nodiscard]] bool empty() const { return terms_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> terms_;
};

// Whether a JSON scalar equals a value written in a URL: strings exactly, numbers numerically,
// booleans and null by their JSON spelling.
[[nodiscard]] bool scalar_equals_text(const nlohmann::json& scalar, const std::string& text);

}  // namespace crosspoint::nmos::registry
