// The embedded default configuration: everything runs on this machine with nothing outside it.
#pragma once

#include <filesystem>
#include <string>

namespace crosspoint::app {

// JSON text; "{config_dir}" in it stands for default_config_dir().
std::string default_config_text();
// Where the default's captures and SDP files are: the source tree's captures/ (or $CROSSPOINT_CAPTURES).
std::filesystem::path default_config_dir();

}  // namespace crosspoint::app
