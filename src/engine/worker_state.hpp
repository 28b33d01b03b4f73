// What one worker lcore writes: per-slot runtime state of its inputs and outputs (merge windows, route
// switches, sequence counters) and its counters. The control plane only reads it (counters, landings).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "counter.hpp"
#include "forwarding_table.hpp"
#include "crosspoint/time/seqlock.hpp"
#include "route_switch.hpp"
#include "sequence_merge.hpp"

namespace crosspoint::engine {

constexpr std::size_t kMaxSubscribers = 64;

struct LegRuntime {
  Counter packets;
  Counter bytes;
  Counter lost;
  Counter duplicates;
  bool started = false;
  std::uint64_t highest = 0;  // unwrapped sequence of this leg's newest packet

  void reset();
};

struct InputRuntime {
  bool in_use = false;
  std::uint32_t generation = 0;
  st2110::MediaType media = st2110::MediaType::kVideo;
  std::uint8_t leg_count = 1;
  std::uint32_t merge_window = 0;
  SequenceMerge merge;        // two legs only
  bool sequence_started = false;
  std::uint64_t highest = 0;  // unwrapped sequence of the merged flow's newest packet
  bool previous_marker = false;
  bool have_previous = false;
  std::uint32_t previous_timestamp = 0;
  std::uint16_t subscriber_count = 0;
  std::array<std::uint16_t, kMaxSubscribers> subscribers{};  // output slots listening (current or pending)
  Counter packets;
  Counter bytes;
  Counter frames;
  Counter sequence_errors;
  Counter lost;
  DropCounters drops;
  std::array<LegRuntime, kMaxLegs> legs;

  void reset(const InputEntry& entry);
};

// Trivial (no member initialisers) so SeqLock may copy it as words; value-initialise it: Landing{}.
struct Landing {
  std::uint64_t request;   // 0: nothing landed yet
  InputSlot input;
  std::uint32_t input_generation;
  Nanoseconds local_ns;
  std::uint32_t first_rtp_timestamp;
  std::uint64_t output_packet_index;
};

struct OutputRuntime {
  bool in_use = false;
  std::uint32_t generation = 0;
  std::uint64_t seen_request = 0;
  RouteSwitch route;
  std::uint32_t current_generation = 0;  // of the input the route forwards
  std::uint64_t next_index = 0;          // packets sent so far: the RTP (and RFC 4175 extended) sequence
  Counter packets;
  Counter bytes;
  Counter frames;
  Counter switches;
  DropCounters drops;
  SeqLock<Landing> landing;
  // (generation << 16 | slot) of the input being forwarded, or kNoInput in the low bits.
  std::atomic<std::uint64_t> current_published{kNoInput};

  void reset(const OutputEntry& entry);
};

struct PortRuntime {
  Counter rx_packets;
  Counter rx_bytes;
  Counter tx_packets;
  Counter tx_bytes;
  Counter arp_replies;
  Counter igmp_reports;
  Counter igmp_queries;
  DropCounters drops;
};

struct WorkerState {
  std::array<InputRuntime, kMaxInputs> inputs;
  std::array<OutputRuntime, kMaxOutputs> outputs;
  std::array<PortRuntime, kMaxPorts> ports;
};

}  // namespace crosspoint::engine
