// The daemon's configuration as NMOS sees it (an nmos::NodeDescription): its outputs become senders (with
// sources and flows), its inputs receivers, its engine ports network interfaces.
#pragma once

#include <map>
#include <string>

#include "crosspoint/nmos/node_description.hpp"
#include "daemon_config.hpp"

namespace crosspoint::app {

// `port_macs` are the engine ports' addresses as the devices report them (IS-04 interface port ids).
nmos::NodeDescription describe_node(const DaemonConfig& config, const std::string& hostname,
                                    const std::map<std::string, st2110::MacAddress>& port_macs);

}  // namespace crosspoint::app
