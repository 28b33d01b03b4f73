// The IS-04 resources of one node, built from the daemon's plain NodeDescription.
#pragma once

#include <vector>

#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "nmos/resources/device_resource.hpp"
#include "nmos/resources/flow_resource.hpp"
#include "nmos/resources/node_resource.hpp"
#include "nmos/resources/receiver_resource.hpp"
#include "nmos/resources/sender_resource.hpp"
#include "nmos/resources/source_resource.hpp"
#include "nmos/resources/stable_id.hpp"

namespace crosspoint::nmos {

struct NodeResources {
  NodeResource node;
  std::vector<DeviceResource> devices;
  std::vector<SourceResource> sources;
  std::vector<FlowResource> flows;
  std::vector<SenderResource> senders;
  std::vector<ReceiverResource> receivers;
};

// Every resource gets `version`; ids come from `ids` and the names in the description.
NodeResources build_node_resources(const NodeDescription& description, const StableIdGenerator& ids,
                                   const ClockTraceability& traceability, PtpTime version);

// The node's clocks as the PTP module reports them now (gmid, traceable, locked).
std::vector<NodeClock> clocks_of(const NodeDescription& description, const ClockTraceability& traceability);

// "http://host:port" of the first endpoint (IPv6 in brackets); empty when there is none.
std::string base_url_of(const NodeDescription& description);

}  // namespace crosspoint::nmos
