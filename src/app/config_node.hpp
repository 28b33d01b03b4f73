// ConfigNode: reads one JSON object of the daemon's configuration with typed getters; every error names
// the key's full path ("inputs[1].legs[0].destination: not an IPv4 address") and unknown keys are refused,
// so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::app {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigNode {
 public:
  ConfigNode(const nlohmann::json& value, std::string path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool has(const std::string& key) const;

  [[nodiscard]] ConfigNode object(const std::string& key) const;            // required object
  [[nodiscard]] std::optional<ConfigNode> optional_object(const std::string& key) const;
  [[nodiscard]] std::vector<ConfigNode> objects(const std::string& key) const;  // array of objects, may be absent

  [[nodiscard]] std::string string(const std::string& key) const;
  [[nodiscard]] std::string string(const std::string& key, const std::string& fallback) const;
  [[nodiscard]] std::vector<std::string> strings(const std::string& key) const;
  [[nodiscard]] bool boolean(const std::string& key, bool fallback) const;
  [[nodiscard]] double number(const std::string& key, double fallback) const;

  template <class Integer>
  [[nodiscard]] Integer integer(const std::string& key, Integer fallback,
                                std::int64_t min = std::numeric_limits<Integer>::min(),
                                std::int64_t max = static_cast<std::int64_t>(std::numeric_limits<Integer>::max())) const {
    if (!has(key)) return fallback;
    return static_cast<Integer>(checked_integer(key, min, max));
  }
  template <class Integer>
  [[nodiscard]] Integer required_integer(const std::string& key,
                                         std::int64_t min = std::numeric_limits<Integer>::min(),
                                         std::int64_t max = static_cast<std::int64_t>(std::numeric_limits<Integer>::max())) const {
    return static_cast<Integer>(checked_integer(key, min, max));
  }

  [[nodiscard]] st2110::Ipv4Address ipv4(const std::string& key) const;
  [[nodiscard]] std::optional<st2110::Ipv4Address> optional_ipv4(const std::string& key) const;
  [[nodiscard]] std::optional<st2110::MacAddress> optional_mac(const std::string& key) const;

  // Refuses any key not in `known`; call once per object after reading it.
  void only(const std::set<std::string>& known) const;

  [[noreturn]] void fail(const std::string& key, const std::string& why) const;

 private:
  [[nodiscard]] const nlohmann::json& at(const std::string& key) const;
  [[nodiscard]] std::int64_t checked_integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  [[nodiscard]] std::string child_path(const std::string& key) const;

  const nlohmann::json* value_;
  std::string path_;
};

}  // namespace crosspoint::app
