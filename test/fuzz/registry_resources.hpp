// Registered resources of every type and Registration API version (from the registry tests' valid samples),
// for the harnesses that match and page Query API requests against a registry's contents.
#pragma once

#include <memory>
#include <vector>

#include "nmos/registry/registered_resource.hpp"
#include "nmos/registry/served_versions.hpp"
#include "sample_resources.hpp"

namespace crosspoint::fuzz {

inline const std::vector<nmos::registry::ResourcePtr>& registered_samples() {
  using namespace nmos;
  using namespace nmos::registry;
  static const std::vector<ResourcePtr> resources = [] {
    const std::pair<ResourceType, nlohmann::json> documents[] = {
        {ResourceType::kNode, test::sample_node(test::sample_id(1))},
        {ResourceType::kDevice, test::sample_device(test::sample_id(2), test::sample_id(1))},
        {ResourceType::kSource, test::sample_video_source(test::sample_id(3), test::sample_id(2))},
        {ResourceType::kFlow, test::sample_video_flow(test::sample_id(4), test::sample_id(3), test::sample_id(2))},
        {ResourceType::kSender, test::sample_sender(test::sample_id(5), test::sample_id(2), test::sample_id(4))},
        {ResourceType::kReceiver, test::sample_video_receiver(test::sample_id(6), test::sample_id(2))}};
    std::vector<ResourcePtr> out;
    std::uint32_t stamp = 1;
    for (const auto& [type, data] : documents) {
      for (const ApiVersion version : kIs04Versions) {
        auto resource = std::make_shared<RegisteredResource>();
        resource->type = type;
        resource->id = data.at("id").get<std::string>();
        resource->api_version = version;
        resource->data = data;
        resource->serialized = data.dump();
        resource->created = PtpTime{1'700'000'000, stamp};
        resource->updated = PtpTime{1'700'000'000, stamp + 1};
        stamp += 2;
        out.push_back(std::move(resource));
      }
    }
    return out;
  }();
  return resources;
}

}  // namespace crosspoint::fuzz
