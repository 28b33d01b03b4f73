// The JSON form of an analysis (`analyze --json`): a top-level `flows` array, `st2022_7` pairs, and what was
// not RTP. The schema is written out in the README.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis_report.hpp"
#include "verdict.hpp"

namespace crosspoint::cap {

// With `verdicts`, each flow and pair carries its "verdict" and the top level "verdicts".
nlohmann::json to_json(const CaptureReport& report, const ProfileVerdicts* verdicts = nullptr);

}  // namespace crosspoint::cap
