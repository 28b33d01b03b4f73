// The daemon's whole configuration as plain values: each part's own config struct plus what only the daemon
// knows (which media format each flow carries, the routes to arm at start, how NMOS is served).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "nmos_config.hpp"

namespace crosspoint::app {

// An engine input with what NMOS says about it: the format it expects (from its SDP file).
struct InputDescription {
  engine::InputConfig engine;
  std::string label;
  std::optional<st2110::MediaFormat> format;
  std::optional<nmos::GroupHint> group_hint;  // BCP-002-01; parse_daemon_config always fills it
};

// An engine output with the format it sends.
struct OutputDescription {
  engine::OutputConfig engine;
  std::string label;
  std::optional<st2110::MediaFormat> format;
  std::optional<nmos::GroupHint> group_hint;  // BCP-002-01; parse_daemon_config always fills it
};

struct PtpSection {
  bool enabled = true;
  ptp::ClockConfig clock;
};

struct DaemonConfig {
  engine::EngineConfig engine;
  std::vector<InputDescription> inputs;
  std::vector<OutputDescription> outputs;
  std::map<std::string, std::string> routes;  // output id -> input id, armed at start
  std::map<std::string, nmos::AttachedNetworkDevice> attached_network_devices;  // by port name, when configured
  PtpSection ptp;
  NmosSection nmos;
  // What parses but may not work as meant (e.g. a header pool smaller than the outputs' queues can hold).
  std::vector<std::string> warnings;
};

// Reads and checks the configuration; relative file names (SDP files, captures in device strings written
// as "{config_dir}") resolve against `base_dir`. Throws ConfigError naming the offending key.
DaemonConfig parse_daemon_config(const nlohmann::json& document, const std::filesystem::path& base_dir);

}  // namespace crosspoint::app
