#include "nmos/resources/bcp002_tags.hpp"

namespace crosspoint::nmos {

std::string group_hint_value(const GroupHint& hint) {
  return hint.group + ":" + hint.role + (hint.node_scope ? ":node" : "");
}

void add_asset_tags(Tags& tags, const AssetDescription& asset, const std::string& instance_id) {
  tags[kAssetManufacturerTag] = {asset.manufacturer};
  tags[kAssetProductTag] = {asset.product};
  tags[kAssetInstanceIdTag] = {instance_id};
}

void add_device_asset_tags(Tags& tags, const AssetDescription& asset, const std::string& instance_id,
                           const std::vector<std::string>& functions) {
  add_asset_tags(tags, asset, instance_id);
  tags[kAssetFunctionTag] = functions;
}

}  // namespace crosspoint::nmos
