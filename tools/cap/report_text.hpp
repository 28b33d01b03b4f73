// The human-readable form of an analysis: one block per flow, then the 2022-7 pairs and other traffic.
#pragma once

#include <string>

#include "analysis_report.hpp"
#include "verdict.hpp"

namespace crosspoint::cap {

std::string to_text(const CaptureReport& report);
// The verdicts of a profile: the capture's first, then each failing flow, pair and PTP with its reasons.
std::string to_text(const CaptureReport& report, const ProfileVerdicts& verdicts);

}  // namespace crosspoint::cap
