// The human-readable form of an analysis: one block per flow, then the 2022-7 pairs and other traffic.
#pragma once

#include <string>

#include "analysis_report.hpp"

namespace crosspoint::cap {

std::string to_text(const CaptureReport& report);

}  // namespace crosspoint::cap
