// The embedded default configuration: everything runs on this machine with nothing outside it.
#pragma once

#include <filesystem>
#include <string>

namespace crosspoint::app {

// JSON text; "{config_dir}" in it stands for default_config_dir(), "{run_dir}" for the run folder, where
// the default's generated captures (write_default_captures) and its recording go.
std::string default_config_text();
// default_config_text() with "{run_dir}" replaced by `run_dir`.
std::string default_config_text(const std::filesystem::path& run_dir);
// Where the default's committed captures and SDP files are: the source tree's captures/ (or $CROSSPOINT_CAPTURES).
std::filesystem::path default_config_dir();
// The file the default records its monitor outputs into, inside the run folder.
std::filesystem::path default_recording(const std::filesystem::path& run_dir);

}  // namespace crosspoint::app
