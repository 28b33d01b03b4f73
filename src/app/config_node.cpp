#include "config_node.hpp"

namespace crosspoint::app {

ConfigNode::ConfigNode(const nlohmann::json& value, std::string path) : value_(&value), path_(std::move(path)) {
  if (!value.is_object()) throw ConfigError((path_.empty() ? std::string("configuration") : path_) + ": must be an object");
}

std::string ConfigNode::child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void ConfigNode::fail(const std::string& key, const std::string& why) const {
  throw ConfigError(child_path(key) + ": " + why);
}

bool ConfigNode::has(const std::string& key) const { return value_->contains(key) && !(*value_)[key].is_null(); }

const nlohmann::json& ConfigNode::at(const std::string& key) const {
  if (!has(key)) fail(key, "is required");
  return (*value_)[key];
}

ConfigNode ConfigNode::object(const std::string& key) const {
  const auto& value = at(key);
  if (!value.is_object()) fail(key, "must be an object");
  return ConfigNode(value, child_path(key));
}

std::optional<ConfigNode> ConfigNode::optional_object(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return object(key);
}

std::vector<ConfigNode> ConfigNode::objects(const std::string& key) const {
  std::vector<ConfigNode> nodes;
  if (!has(key)) return nodes;
  const auto& value = at(key);
  if (!value.is_array()) fail(key, "must be an array");
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string path = child_path(key) + "[" + std::to_string(i) + "]";
    if (!value[i].is_object()) throw ConfigError(path + ": must be an object");
    nodes.emplace_back(value[i], path);
  }
  return nodes;
}

std::string ConfigNode::string(const std::string& key) const {
  const auto& value = at(key);
  if (!value.is_string()) fail(key, "must be a string");
  return value.get<std::string>();
}

std::string ConfigNode::string(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

std::vector<std::string> ConfigNode::strings(const std::string& key) const {
  std::vector<std::string> values;
  if (!has(key)) return values;
  const auto& value = at(key);
  if (!value.is_array()) fail(key, "must be an array of strings");
  for (const auto& item : value) {
    if (!item.is_string()) fail(key, "must be an array of strings");
    values.push_back(item.get<std::string>());
  }
  return values;
}

bool ConfigNode::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& value = at(key);
  if (!value.is_boolean()) fail(key, "must be true or false");
  return value.get<bool>();
}

double ConfigNode::number(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const auto& value = at(key);
  if (!value.is_number()) fail(key, "must be a number");
  return value.get<double>();
}

std::int64_t ConfigNode::checked_integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  const auto& value = at(key);
  if (!value.is_number_integer()) fail(key, "must be an integer");
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) {
    fail(key, std::to_string(number) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
  }
  return number;
}

st2110::Ipv4Address ConfigNode::ipv4(const std::string& key) const {
  const auto text = string(key);
  const auto address = st2110::Ipv4Address::parse(text);
  if (!address) fail(key, "\"" + text + "\" is not an IPv4 address");
  return *address;
}

std::optional<st2110::Ipv4Address> ConfigNode::optional_ipv4(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return ipv4(key);
}

std::optional<st2110::MacAddress> ConfigNode::optional_mac(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const auto text = string(key);
  const auto mac = st2110::MacAddress::parse(text);
  if (!mac) fail(key, "\"" + text + "\" is not a MAC address (aa:bb:cc:dd:ee:ff)");
  return mac;
}

void ConfigNode::only(const std::set<std::string>& known) const {
  for (const auto& [key, value] : value_->items()) {
    if (!known.contains(key)) fail(key, "unknown key");
  }
}

}  // namespace crosspoint::app
