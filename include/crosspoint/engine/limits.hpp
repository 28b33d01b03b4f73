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
constexpr unsigned kQueryBacklog = 64;              // IGMP queries heard and not yet read by the control plane
// The most packets one paced output's queue holds (both legs counted); each output's queue is sized from its
// format by pace_queue_depth (src/engine/pace_queue_depth.hpp), up to this: 2^18 slots of 24 octets (6 MiB),
// two 4320p59.94 frames and the read offset on one leg (on two legs, a frame each and 15 ms). Beyond its depth the oldest packet leaves early, counted
// (pace_overruns). Size the packet mempool to cover the queues.
constexpr std::uint32_t kMaxPaceQueueDepth = std::uint32_t{1} << 18;

}  // namespace crosspoint::engine
