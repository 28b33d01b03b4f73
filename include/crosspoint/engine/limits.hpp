// The engine's fixed capacities (its data path sizes its state by them). Engine's calls refuse what would
// pass one (engine.hpp says which call, with which error).
#pragma once

#include <cstddef>
#include <cstdint>

namespace crosspoint::engine {

constexpr std::size_t kMaxInputs = 256;
constexpr std::size_t kMaxOutputs = 256;
constexpr std::size_t kMaxPorts = 32;
constexpr std::size_t kMaxLegs = 2;                 // per input (ST 2022-7) and per output
constexpr unsigned kMaxBurst = 64;                  // WorkerConfig::burst_size
constexpr std::uint32_t kMaxMergeWindow = 32768;    // InputConfig::merge_window_packets
constexpr std::uint32_t kMaxSkewUs = 500'000;       // InputConfig::max_skew_us (WAN paths: 150 ms and more)
// Route switches armed on one output and not yet landed (arm_route, retarget_input): e.g. its start-up route
// still waiting for a first frame, a scheduled activation, and a receiver's retarget between them.
constexpr std::size_t kMaxArmedSwitches = 4;
constexpr unsigned kQueryBacklog = 64;
// Packets a paced output holds until their time (both legs counted): 2.2 ms of a 1080p59.94 flow, 0.5 ms of
// 4320p. Beyond it the oldest leaves early, counted (pace_overruns). Size the packet mempool to cover it.
constexpr std::uint32_t kPaceQueueDepth = 2048;              // IGMP queries heard and not yet read by the control plane

}  // namespace crosspoint::engine
