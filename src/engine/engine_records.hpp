// Inputs and outputs as the control plane keeps them: the configuration asked for, the slot and generation
// the data path knows them by, the engine port of each leg, and an output's latest route request.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/route_state.hpp"
#include "forwarding_table.hpp"
#include "input_slot.hpp"

namespace crosspoint::engine {

struct InputRecord {
  InputConfig config;
  InputSlot slot = kNoInput;
  std::uint32_t generation = 0;
  unsigned worker = 0;
  std::vector<std::uint16_t> leg_ports;  // engine port index of each leg

  [[nodiscard]] InputHandle handle() const { return InputHandle{slot, generation}; }
};

struct OutputRecord {
  OutputConfig config;
  std::uint16_t slot = 0;
  std::uint32_t generation = 0;
  std::vector<std::uint16_t> leg_ports;
  RouteRequest request;
  std::optional<ArmedRoute> armed;
  std::optional<std::string> follows;  // the input its latest route names, kept while that input is disabled
  RouteRequest before_armed;  // the request `armed` replaced: what a withdrawal restores while stopped
  std::optional<std::string> follows_before_armed;  // `follows` before `armed`: what a withdrawal restores
};

using InputRecords = std::map<std::string, InputRecord, std::less<>>;
using OutputRecords = std::map<std::string, OutputRecord, std::less<>>;

}  // namespace crosspoint::engine
