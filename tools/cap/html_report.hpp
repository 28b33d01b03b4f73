// `analyze --html FILE.html`: one self-contained page (inline SVG, no script, nothing fetched): the summary
// and verdicts on top, then per flow the plots an engineer looks at - Cinst over time and its histogram
// against the limits, VRX, RTP offset, packet spacing, audio TS-DF - the ST 2022-7 losses per leg, and
// the PTP offset and message timeline.
#pragma once

#include <string>

#include "analysis_report.hpp"
#include "verdict.hpp"

namespace crosspoint::cap {

std::string to_html(const CaptureReport& report, const ProfileVerdicts* verdicts);

}  // namespace crosspoint::cap
