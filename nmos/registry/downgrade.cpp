#include "nmos/registry/downgrade.hpp"

#include <vector>

#include "nmos/registry/attribute_path.hpp"

namespace crosspoint::nmos::registry {

namespace {

struct AddedAttributes {
  ResourceType type;
  ApiVersion since;
  std::vector<std::string_view> paths;  // top-level keys, or dotted paths into objects and arrays
};

// What each minor version of IS-04 added to each resource, read off the CHANGELOG and schema differences.
const std::vector<AddedAttributes>& attribute_history() {
  static const std::vector<AddedAttributes> history = {
      {ResourceType::kNode, {1, 1}, {"description", "tags", "api", "clocks"}},
      {ResourceType::kNode, {1, 2}, {"interfaces"}},
      {ResourceType::kNode, {1, 3},
       {"api.endpoints.authorization", "services.authorization", "interfaces.attached_network_device"}},
      {ResourceType::kDevice, {1, 1}, {"description", "tags", "controls"}},
      {ResourceType::kDevice, {1, 3}, {"controls.authorization"}},
      {ResourceType::kSource, {1, 1}, {"grain_rate", "clock_name", "channels"}},
      {ResourceType::kSource, {1, 3}, {"event_type"}},
      {ResourceType::kFlow, {1, 1},
       {"grain_rate", "device_id", "media_type", "sample_rate", "bit_depth", "DID_SDID", "frame_width",
        "frame_height", "interlace_mode", "colorspace", "transfer_characteristic", "components"}},
      {ResourceType::kFlow, {1, 3}, {"event_type"}},
      {ResourceType::kSender, {1, 2}, {"caps", "interface_bindings", "subscription"}},
      {ResourceType::kReceiver, {1, 2}, {"interface_bindings", "subscription.active"}},
      {ResourceType::kReceiver, {1, 3}, {"caps.event_types"}},
  };
  return history;
}

}  // namespace

void strip_to_version(nlohmann::json& data, ResourceType type, ApiVersion target) {
  for (const auto& added : attribute_history()) {
    if (added.type != type || added.since <= target) continue;
    for (const auto path : added.paths) erase_attribute(data, path);
  }
}

Expected<VersionView, QueryError> VersionView::parse(ApiVersion requested,
                                                     const QueryParams& params) {
  VersionView view(requested);
  const auto found = params.find("query.downgrade");
  if (found == params.end()) return view;
  if (params.count("query.downgrade") > 1) return Unexpected{QueryError{400, "query.downgrade is given twice"}};
  const auto version = ApiVersion::parse(found->second);
  if (!version) return Unexpected{QueryError{400, "query.downgrade must look like v1.2"}};
  if (version->major != requested.major) {
    return Unexpected{QueryError{400, "query.downgrade cannot cross major API versions"}};
  }
  view.floor_ = std::min(*version, requested);
  return view;
}

nlohmann::json VersionView::present(const RegisteredResource& resource) const {
  nlohmann::json data = resource.data;
  if (needs_stripping(resource)) strip_to_version(data, resource.type, requested_);
  return data;
}

}  // namespace crosspoint::nmos::registry
