// The BCP-002 tags from the NMOS Parameter Registers: natural grouping of senders and receivers (BCP-002-01)
// and asset distinguishing information of nodes and devices (BCP-002-02).
#pragma once

#include <string>
#include <vector>

#include "crosspoint/nmos/node_description.hpp"
#include "nmos/resources/resource_core.hpp"

namespace crosspoint::nmos {

inline constexpr const char* kGroupHintTag = "urn:x-nmos:tag:grouphint/v1.0";
inline constexpr const char* kAssetManufacturerTag = "urn:x-nmos:tag:asset:manufacturer/v1.0";
inline constexpr const char* kAssetProductTag = "urn:x-nmos:tag:asset:product/v1.0";
inline constexpr const char* kAssetInstanceIdTag = "urn:x-nmos:tag:asset:instance-id/v1.0";
inline constexpr const char* kAssetFunctionTag = "urn:x-nmos:tag:asset:function/v1.0";

// "<group>:<role>", with ":node" appended for a node-wide group (device scope is the default, left out).
std::string group_hint_value(const GroupHint& hint);

// Manufacturer, product and instance id: exactly one value each, as BCP-002-02 asks of nodes and devices.
void add_asset_tags(Tags& tags, const AssetDescription& asset, const std::string& instance_id);

// A device's tags also name its functions (at least one).
void add_device_asset_tags(Tags& tags, const AssetDescription& asset, const std::string& instance_id,
                           const std::vector<std::string>& functions);

}  // namespace crosspoint::nmos
