// A snapshot of the engine's counters, summed over workers while traffic flows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crosspoint/engine/drop_reason.hpp"

namespace crosspoint::engine {

struct PortStats {
  std::string name;
  std::uint64_t rx_packets = 0;      // polled by the engine
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_packets = 0;      // accepted by the transmit queue
  std::uint64_t tx_bytes = 0;
  std::uint64_t arp_replies = 0;
  std::uint64_t igmp_reports = 0;   // joins, leaves and answers to queries sent
  std::uint64_t igmp_queries = 0;   // membership queries heard (answered after a random delay)
  std::uint64_t igmp_reports_unsent = 0;  // joins, leaves and answers the control plane could not queue
  std::uint64_t device_rx_missed = 0;  // rte_eth_stats imissed: the NIC dropped before we polled
  std::uint64_t device_tx_errors = 0;  // rte_eth_stats oerrors
  bool link_up = false;                // as last polled (every 100 ms, by the control plane)
  std::uint64_t link_downs = 0;        // times the link was seen to go down since start
  DropCounts drops{};                  // malformed, unmatched, ARP/IGMP and transmit drops seen on this port
};

struct LegStats {
  std::string port;
  std::uint64_t packets = 0;    // received on this leg
  std::uint64_t bytes = 0;
  std::uint64_t lost = 0;       // gaps in this leg's own sequence
  std::uint64_t duplicates = 0; // arrived after the other leg's copy
  std::uint64_t recovered = 0;  // lost here but delivered by the other leg
};

// The control-plane tap of one input or output (frame_tap.hpp), or of all of them.
struct TapStats {
  std::uint64_t packets = 0;  // copied to the control plane
  std::uint64_t units = 0;    // frames (audio: periods) begun
  std::uint64_t dropped = 0;  // packets not copied: the tap's pool or ring was full (forwarded all the same)
};

// The skew-equalising playout buffer of a two-leg input with a max_skew (all zero without one).
struct PlayoutStats {
  bool active = false;
  std::uint64_t depth = 0;                   // packets waiting now
  std::uint64_t depth_max = 0;               // the most waiting at once
  std::uint64_t late_filled = 0;             // released in place after a later packet had come: holes the slower leg filled
  std::uint64_t released_after_timeout = 0;  // packets that left after waiting max_skew, a hole before them given up
  std::uint64_t gaps = 0;                    // holes given up (their packets are counted in InputStats::lost)
  std::uint64_t wait_max_ns = 0;             // the longest a packet waited: the latency the buffer added
  std::uint64_t capacity = 0;                // sequence numbers its ring spans (twice the packets of max_skew)
};

struct InputStats {
  std::string id;
  std::uint64_t packets = 0;  // after the 2022-7 merge
  std::uint64_t bytes = 0;
  std::uint64_t frames = 0;   // packets with the RTP marker bit
  std::uint64_t sequence_errors = 0;  // discontinuities in the merged sequence
  std::uint64_t lost = 0;             // packets missing from the merged flow (lost on every leg)
  std::vector<LegStats> legs;
  PlayoutStats playout;
  DropCounts drops{};         // duplicate, outside merge window, no route
  TapStats tap;
};

// The pace stage of one output (all zero when it passes packets through).
struct PacingStats {
  std::uint64_t late = 0;             // routed after their time in the schedule: sent at once
  std::uint64_t overruns = 0;         // sent early: the output's queue (queue_capacity) was full
  std::uint64_t unaligned = 0;        // frames (audio: packets) whose RTP time lay far from PTP time
  std::uint64_t queue_depth = 0;      // packets held now
  std::uint64_t queue_depth_max = 0;  // the most held at once
  std::uint64_t queue_capacity = 0;   // the queue's slots, sized from the output's format (pace_queue_depth)
  // The added latency: from routed into the queue to handed to the transmit queue, per packet (a histogram
  // to within 1/16 of each figure), since the output was added.
  std::uint64_t held_packets = 0;
  double hold_ns_median = 0;
  double hold_ns_p99 = 0;
};

struct OutputStats {
  std::string id;
  std::uint64_t packets = 0;  // handed to the transmit queues, summed over legs
  std::uint64_t bytes = 0;
  std::uint64_t frames = 0;
  std::uint64_t switches = 0;  // routes landed
  PacingStats pacing;
  DropCounts drops{};          // mempool exhausted, tx full
  TapStats tap;
};

// A thread of the engine that must run on time: a worker lcore, or a replay port's thread.
struct ThreadStats {
  std::string name;               // "worker N" or "replay PORT"
  std::uint64_t off_core_ns = 0;  // time it wanted its core and the kernel ran something else there
  std::uint64_t stalls = 0;       // times it lost its core for more than a millisecond at once
  std::uint64_t stall_max_ns = 0; // the longest of them
};

struct EngineStats {
  std::vector<PortStats> ports;
  std::vector<InputStats> inputs;
  std::vector<OutputStats> outputs;
  TapStats tap;                          // summed over every input and output
  std::uint64_t tap_buffers_in_use = 0;  // copies not yet read by the control plane
  std::vector<ThreadStats> threads;      // the workers, then the replay ports' threads
};

}  // namespace crosspoint::engine
