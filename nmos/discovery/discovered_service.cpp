#include "nmos/discovery/discovered_service.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

namespace crosspoint::nmos {
namespace {

// The newest version in a TXT api_ver list that this node's registration client speaks.
std::optional<ApiVersion> best_shared_version(const std::string& api_ver) {
  std::optional<ApiVersion> best;
  std::stringstream list(api_ver);
  std::string item;
  while (std::getline(list, item, ',')) {
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    const auto version = ApiVersion::parse(item);
    if (!version || version->major != 1 || *version < kV1_2 || *version > kV1_3) continue;
    if (!best || *version > *best) best = version;
  }
  return best;
}

std::optional<int> integer_of(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::map<std::string, std::string> nmos_txt_records(const std::vector<std::string>& versions, int priority,
                                                    const std::string& protocol, bool authorization) {
  std::string api_ver;
  for (const std::string& v : versions) api_ver += (api_ver.empty() ? "" : ",") + v;
  return {{"api_proto", protocol},
          {"api_ver", api_ver},
          {"api_auth", authorization ? "true" : "false"},
          {"pri", std::to_string(priority)}};
}

std::vector<RegistryEndpoint> usable_registries(const std::vector<DiscoveredService>& services,
                                                const std::string& origin) {
  std::vector<RegistryEndpoint> out;
  for (const DiscoveredService& service : services) {
    auto txt = [&service](const char* key) {
      const auto it = service.txt.find(key);
      return it == service.txt.end() ? std::string() : it->second;
    };
    if (txt("api_proto") != "http") continue;         // no TLS client here
    if (txt("api_auth") == "true") continue;          // no IS-10 tokens here
    const auto version = best_shared_version(txt("api_ver"));
    const auto priority = integer_of(txt("pri"));
    if (!version || !priority || service.port == 0 || service.host.empty()) continue;
    const bool ipv6 = service.host.find(':') != std::string::npos;
    RegistryEndpoint endpoint;
    endpoint.base_url = "http://" + (ipv6 ? "[" + service.host + "]" : service.host) + ":" +
                        std::to_string(service.port) + "/x-nmos/registration/" + version->to_string();
    endpoint.priority = *priority;
    endpoint.version = *version;
    endpoint.origin = origin;
    if (std::find(out.begin(), out.end(), endpoint) == out.end()) out.push_back(std::move(endpoint));
  }
  std::stable_sort(out.begin(), out.end(), [](const RegistryEndpoint& a, const RegistryEndpoint& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.version > b.version;
  });
  return out;
}

}  // namespace crosspoint::nmos
