// `analyze --sdp`: every way a flow's packets disagree with the SDP leg that describes it (media type,
// payload type, source, geometry, scan, rate, sample density, channels, packet time, ANC DID/SDIDs), and
// the SDP legs no packet arrived for. Each disagreement is one line: "field: SDP says X, stream shows Y".
#pragma once

#include <string>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::cap {

std::vector<std::string> disagreements_with_sdp(const FlowReport& flow, const st2110::SdpMediaLeg& leg);

std::vector<std::string> sdp_legs_without_packets(const st2110::SessionDescription& sdp,
                                                  const std::vector<FlowKey>& flows);

}  // namespace crosspoint::cap
