// The text and JSON forms of `crosspoint-cap compare`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "capture_compare.hpp"

namespace crosspoint::cap {

std::string to_text(const CompareReport& report);
nlohmann::json to_json(const CompareReport& report);

}  // namespace crosspoint::cap
