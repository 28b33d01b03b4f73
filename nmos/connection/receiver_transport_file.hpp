// A receiver's staged `transport_file`: the SDP read with crosspoint's own parser, its format checked against
// what the receiver accepts, and its legs turned into transport parameter values (both legs of a DUP group).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/nmos/connection_service.hpp"

namespace crosspoint::nmos::connection {

// One values object per receiver leg (multicast_ip, source_ip, destination_port, rtp_enabled, and interface_ip
// for a unicast leg); a receiver with two legs given a one-leg file gets its second leg disabled. The error
// says why the file cannot be taken (parse error with its line, media type, format, leg count).
Expected<std::vector<nlohmann::json>, std::string> receiver_legs_from_sdp(std::string_view sdp,
                                                                          const ReceiverConnection& receiver,
                                                                          std::size_t legs);

}  // namespace crosspoint::nmos::connection
