// The daemon's configuration as the IS-05 Connection API sees it (an nmos::ConnectionDescription): engine ports
// are interfaces, outputs senders, inputs receivers, each under the IS-04 id the node gave it.
#pragma once

#include <map>
#include <string>

#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/nmos/node_service.hpp"
#include "daemon_config.hpp"

namespace crosspoint::app {

// `port_macs`: the engine ports' addresses (a port without one has no ts-refclk localmac in its SDP files).
nmos::ConnectionDescription describe_connections(const DaemonConfig& config, const nmos::NodeService& node,
                                                 const std::map<std::string, st2110::MacAddress>& port_macs);

}  // namespace crosspoint::app
