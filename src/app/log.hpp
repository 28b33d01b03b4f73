// The daemon's log: one line per event on stderr, UTC time first, so journald and a terminal both read it.
#pragma once

#include <string_view>

namespace crosspoint::app {

enum class LogLevel { kInfo, kWarning, kError };

void log(LogLevel level, std::string_view part, std::string_view message);

}  // namespace crosspoint::app
