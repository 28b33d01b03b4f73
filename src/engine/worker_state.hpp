// What one worker lcore writes: per-slot runtime state of its inputs and outputs (merge windows, route
// switches, sequence counters) and its counters. The control plane only reads it (counters, landings).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "counter.hpp"
#include "forwarding_table.hpp"
#include "hold_time_histogram.hpp"
#include "crosspoint/time/seqlock.hpp"
#include "input_slot.hpp"
#include "landing_history.hpp"
#include "off_core_meter.hpp"
#include "pace_queue.hpp"
#include "pace_schedule.hpp"
#include "playout_buffer.hpp"
#include "route_switch.hpp"
#include "sequence_follower.hpp"
#include "sequence_merge.hpp"

namespace crosspoint::engine {

// An output listens to an input at most once, so an input can never have more subscribers than there are
// outputs: the list cannot overflow, whatever the routes.
constexpr std::size_t kMaxSubscribers = kMaxOutputs;

struct LegRuntime {
  Counter packets;
  Counter bytes;
  Counter lost;
  Counter duplicates;
  SequenceFollower sequence;  // this leg's own losses

  void reset();
};

struct InputRuntime {
  bool in_use = false;
  std::uint32_t generation = 0;
  st2110::MediaType media = st2110::MediaType::kVideo;
  std::uint8_t leg_count = 1;
  std::uint32_t merge_window = 0;
  SequenceMerge merge;        // two legs without a playout buffer
  PlayoutBuffer* playout = nullptr;  // two legs with a max_skew (the table's, lent: freed by the control plane)
  SequenceFollower sequence;  // one leg only: the flow's losses
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

// When an output took its latest transport (update_output): trivially copyable, for SeqLock.
struct TransportMove {
  std::uint64_t version = 0;
  Nanoseconds local_ns = 0;
  std::uint64_t output_packet_index = 0;  // packets sent before the first with it
};

struct OutputRuntime {
  bool in_use = false;
  std::uint32_t generation = 0;
  std::uint64_t seen_request = 0;       // the newest request taken from a table: newer ones are arms
  RouteSwitch route;
  // What the output sends with (addresses, ports, SSRC, payload type, enabled): a table's, taken only while
  // the output stands between two frames (audio: packets), so no frame is split across two destinations.
  OutputEntry sending;
  OutputEntry moving_to;      // a newer table's, taken after the last packet of the frame being sent
  bool move_pending = false;
  SeqLock<TransportMove> moved;
  std::uint64_t next_index = 0;          // packets sent so far: the RTP (and RFC 4175 extended) sequence
  Counter packets;
  Counter bytes;
  Counter frames;
  Counter switches;
  DropCounters drops;
  LandingHistory landings;
  // The input the route forwards, for the control plane too (the worker is its only writer).
  std::atomic<InputHandle> current_input{};
  // The last request the table withdrew whose cut had begun: it lands as armed (the worker is its only writer).
  std::atomic<std::uint64_t> kept{0};
  // Pacing (pace_stage.hpp): the schedule, the packets held until due and what the queue saw.
  OutputPacing pacing;                    // the table's, to notice a change
  PaceSchedule schedule;
  PaceQueue held;                         // in the table's slots (OutputEntry::pace_slots)
  std::uint64_t held_due_tsc = 0;         // of the packet being sent (all its legs)
  std::uint64_t held_at_tsc = 0;          // when it was routed (the worker's turn)
  std::uint64_t release_ready_tsc = 0;    // the shaper: no release before this
  Counter pace_late;                      // packets routed after their time: sent at once
  Counter pace_overruns;                  // packets sent early because the queue was full
  Counter pace_unaligned;                 // frames (audio: packets) whose RTP time was far from PTP time
  Counter pace_depth_max;
  std::atomic<std::uint32_t> pace_depth{0};
  HoldTimeHistogram hold_time;            // from held to released, per packet

  // A fresh output; packets still held (of the slot's previous output) are freed.
  void reset(const OutputEntry& entry, Nanoseconds now);
  // Takes the table's transport when it is new: at once between frames, else once the frame has ended.
  void take_transport(const OutputEntry& entry, Nanoseconds now);
  // The output stands between frames with a move pending: it moves (the data path calls this).
  void move(Nanoseconds now) {
    sending = moving_to;
    move_pending = false;
    moved.store(TransportMove{sending.transport_version, now, next_index});
  }
  // A switch or a move waits for a boundary: the worker reads the clock for it.
  [[nodiscard]] bool waits_for_boundary() const { return route.armed() || move_pending; }
  // Takes the table's pacing; a changed one restarts the schedule (held packets keep their times).
  void take_pacing(const OutputEntry& entry);
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
  // The table version the worker has reconciled: the control plane waits for it to read what the worker did.
  std::atomic<std::uint64_t> reconciled_version{0};
  std::array<InputRuntime, kMaxInputs> inputs;
  std::array<OutputRuntime, kMaxOutputs> outputs;
  std::array<PortRuntime, kMaxPorts> ports;
  // The worker's time off its core that it did not ask for (its SCHED_FIFO stalls on a shared core).
  OffCoreMeter off_core;
};

}  // namespace crosspoint::engine
