// What one worker and the control plane share for the tap (crosspoint/engine/frame_tap.hpp): the leases the
// control plane grants per input and output slot, the pool of copy buffers, the ring the worker hands full
// buffers over (single producer: the worker; single consumer: the control plane's reader) and the counts.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <rte_mempool.h>
#include <rte_ring.h>

#include "counter.hpp"
#include "crosspoint/engine/engine_error.hpp"
#include "crosspoint/engine/frame_tap.hpp"
#include "crosspoint/engine/limits.hpp"
#include "crosspoint/engine/stats.hpp"
#include "engine_records.hpp"

namespace crosspoint::engine {

constexpr std::size_t kTapSlots = std::max(kMaxInputs, kMaxOutputs);

// One copied packet as it travels through the ring.
struct TapBuffer {
  TapKey key;
  std::uint32_t unit = 0;
  std::uint32_t index = 0;
  bool last = false;
  std::uint32_t rtp_timestamp = 0;
  std::uint16_t length = 0;
  std::uint8_t payload[kTapPayloadCapacity];
};

// A lease on one slot, written by the control plane, read by the worker when `TapChannel::version` moves.
struct TapLease {
  std::atomic<std::uint64_t> armed{0};        // generation << 32 | one_in; one_in 0: not tapped
  std::atomic<std::uint64_t> expires_tsc{0};
};

// Written by the worker only. `generation` says which input or output of the slot they count.
struct TapCounters {
  std::atomic<std::uint32_t> generation{0};
  Counter packets;
  Counter units;
  Counter dropped;
};

struct TapChannel {
  rte_ring* ring = nullptr;
  rte_mempool* pool = nullptr;
  std::atomic<std::uint64_t> version{0};  // moved after every lease written
  std::array<std::array<TapLease, kTapSlots>, 2> leases;  // by TapPoint, then slot
  std::array<std::array<TapCounters, kTapSlots>, 2> counters;

  TapChannel() = default;
  TapChannel(const TapChannel&) = delete;
  TapChannel& operator=(const TapChannel&) = delete;
  ~TapChannel();  // frees what the ring still holds, the ring and the pool
};

// A channel with `buffers` copy buffers and a ring as deep; kDpdk when the ring or pool cannot be made.
Expected<std::unique_ptr<TapChannel>, EngineError> make_tap_channel(const std::string& name, unsigned buffers);

// Grants (or with one_in 0 ends) the lease on `key`'s slot until the TSC reads `expires_tsc`.
void grant_tap_lease(TapChannel& channel, const TapKey& key, std::uint32_t one_in, std::uint64_t expires_tsc);

// Hands every buffer in the ring to `consume` and returns it to the pool; returns how many. One reader at a
// time.
std::size_t drain_tap(TapChannel& channel, const TapConsumer& consume);

// What the workers' channels counted for each input and output of `stats`, and in total.
void add_tap_stats(EngineStats& stats, std::span<const std::unique_ptr<TapChannel>> channels,
                   const InputRecords& inputs, const OutputRecords& outputs);

}  // namespace crosspoint::engine
