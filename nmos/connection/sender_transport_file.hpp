// A sender's transport file: SDP for its active transport parameters, with ST 2110-10 clock signalling
// (ts-refclk of the grandmaster we follow, or localmac when free running; mediaclk:direct=0) and, for two legs,
// an ST 2022-7 DUP group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::nmos::connection {

// nullopt when the sender has no format. `version` becomes the SDP session version (o= line).
[[nodiscard]] std::optional<std::string> sender_sdp(const SenderConnection& sender,
                                                    const std::vector<ConnectionInterface>& leg_interfaces,
                                                    const SenderActivation& active, const ClockTraceability& clock,
                                                    std::uint64_t version);

}  // namespace crosspoint::nmos::connection
