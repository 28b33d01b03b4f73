// `crosspoint-cap analyze`: reads a capture record by record, sorts RTP packets into flows by destination
// ip:port and SSRC, counts everything else, and finishes each flow with the analysis its media type calls
// for. A damaged file stops the reading with a reason; what was read before is still reported. A capture
// stamped in UTC (tcpdump on a host whose CLOCK_REALTIME follows PTP) is read with `utc_capture`: its times
// are moved onto TAI, the timescale of ST 2059 RTP timestamps, before any is compared with one.
#pragma once

#include <optional>
#include <string>

#include "analysis_report.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::cap {

CaptureReport analyze_capture(const std::string& path, const std::optional<st2110::SessionDescription>& sdp,
                              bool utc_capture = false);

}  // namespace crosspoint::cap
