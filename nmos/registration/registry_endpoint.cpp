#include "nmos/registration/registry_endpoint.hpp"

namespace crosspoint::nmos {

std::vector<RegistryEndpoint> registry_endpoints_from_urls(const std::vector<std::string>& urls) {
  std::vector<RegistryEndpoint> out;
  int priority = 0;
  for (std::string url : urls) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    RegistryEndpoint endpoint;
    endpoint.priority = priority++;
    const auto marker = url.find("/x-nmos/registration/");
    if (marker == std::string::npos) {
      endpoint.base_url = url + "/x-nmos/registration/v1.3";
    } else {
      endpoint.base_url = url;
      if (auto v = ApiVersion::parse(std::string_view(url).substr(marker + 21))) endpoint.version = *v;
    }
    out.push_back(std::move(endpoint));
  }
  return out;
}

}  // namespace crosspoint::nmos
