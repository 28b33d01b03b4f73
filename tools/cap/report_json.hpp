// The JSON form of an analysis (`analyze --json`): a top-level `flows` array, `st2022_7` pairs, and what was
// not RTP. The schema is written out in the README.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis_report.hpp"

namespace crosspoint::cap {

nlohmann::json to_json(const CaptureReport& report);

}  // namespace crosspoint::cap
