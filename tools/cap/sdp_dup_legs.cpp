#include "sdp_dup_legs.hpp"

#include <algorithm>

namespace crosspoint::cap {

using st2110::DupGroup;
using st2110::SdpMediaLeg;

namespace {

bool at(const SdpMediaLeg& leg, const FlowKey& flow) {
  return leg.connection.address == flow.destination && leg.port == flow.port;
}

}  // namespace

bool dup_group_names(const st2110::SessionDescription& sdp, const FlowKey& flow) {
  for (const DupGroup& group : sdp.dup_groups) {
    for (const SdpMediaLeg& leg : sdp.legs) {
      const bool in_group = std::find(group.mids.begin(), group.mids.end(), leg.mid) != group.mids.end();
      if (in_group && at(leg, flow)) return true;
    }
  }
  return false;
}

std::optional<bool> dup_group_pairs(const st2110::SessionDescription& sdp, const FlowKey& a, const FlowKey& b) {
  for (const DupGroup& group : sdp.dup_groups) {
    if (group.mids.size() != 2) continue;
    const SdpMediaLeg* legs[2] = {nullptr, nullptr};
    for (const SdpMediaLeg& leg : sdp.legs) {
      for (std::size_t i = 0; i < 2; ++i) {
        if (leg.mid == group.mids[i]) legs[i] = &leg;
      }
    }
    if (legs[0] == nullptr || legs[1] == nullptr) continue;
    if (at(*legs[0], a) && at(*legs[1], b)) return true;
    if (at(*legs[1], a) && at(*legs[0], b)) return false;
  }
  return std::nullopt;
}

}  // namespace crosspoint::cap
