// The engine's own pcap replay port ("replay:<name>,file=<pcap>[,paced][,loop][,restamp]"): a source. A
// thread holds the capture in memory (ReplayPlan) and hands its frames to an ethdev built over rte_rings,
// either as fast as the engine takes them or paced: each frame at its time on the capture's timeline, so
// a capture paced to ST 2110-21 (crosspoint-cap gen) is replayed on its schedule (to the thread's timing:
// it sleeps to 10 us before a frame, with a microsecond's timer slack, and spins the rest; with `rt` it runs
// SCHED_FIFO, so a loaded machine does not hold it back). Looping, every pass carries on the RTP
// timestamps and sequence numbers of the one before. Restamped, each flow's frames are rebased onto PTP
// time from the ClockModel (ST 2059-1) and sent at their epochs plus the capture's offsets, so the RTP
// offsets and the read schedule are those of a live sender. net_pcap's rx_pcap replays only as fast as
// possible. Frames the engine sends to the port are dropped.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include <rte_mempool.h>
#include <rte_ring.h>

#include "crosspoint/engine/engine_error.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "crosspoint/signal/replay_plan.hpp"
#include "off_core_meter.hpp"

namespace crosspoint::engine {

using cap::ReplayEmission;
using cap::ReplayPlan;
using cap::ReplayRecord;

struct ReplayOptions {
  std::string name;
  std::string file;
  bool paced = false;
  bool loop = false;
  bool restamp = false;
  bool realtime = false;  // "rt": the thread runs SCHED_FIFO (priority 1) when it may
  bool held = false;      // not from the device string: the thread waits for play() before its first frame
};

// Parses "replay:<name>,file=<path>[,paced][,loop][,restamp][,rt]"; an error when malformed.
Expected<ReplayOptions, EngineError> parse_replay_device(const std::string& device);
[[nodiscard]] inline bool is_replay_device(const std::string& device) { return device.rfind("replay:", 0) == 0; }

class ReplaySource {
 public:
  // Creates the frame pool, the rings and the ethdev named options.name, and starts the reading thread.
  // `clock` (PTP time, for restamping) must outlive the source.
  static Expected<std::unique_ptr<ReplaySource>, EngineError> start(const ReplayOptions& options, const ClockModel& clock);
  ~ReplaySource();  // stops the thread and frees queued frames; the ethdev is closed by its owner first
  ReplaySource(const ReplaySource&) = delete;
  ReplaySource& operator=(const ReplaySource&) = delete;

  // Lets a held source begin (its timeline, restamped or not, starts now); nothing for one already playing.
  void play() { playing_.store(true); }
  [[nodiscard]] std::uint16_t port_id() const { return port_id_; }
  [[nodiscard]] std::uint64_t frames_replayed() const { return replayed_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t mbufs_in_use() const { return rte_mempool_in_use_count(pool_); }
  // The thread's time off its core that it did not ask for: a stall here makes the port's packets late.
  [[nodiscard]] const OffCoreMeter& off_core() const { return off_core_; }

 private:
  ReplaySource(ReplayPlan plan, const ClockModel& clock) : plan_(std::move(plan)), clock_(clock) {}
  void run();
  // Waits until local instant `due`; false when stopped meanwhile.
  bool wait_until(Nanoseconds due);
  // Sleeps `span`, telling the off-core meter how late it woke.
  void sleep_for(Nanoseconds span);
  void drop_returned();

  ReplayOptions options_;
  ReplayPlan plan_;
  const ClockModel& clock_;
  // The thread's own pool, which it alone allocates from (see start()).
  rte_mempool* pool_ = nullptr;
  rte_ring* to_engine_ = nullptr;
  rte_ring* from_engine_ = nullptr;
  std::uint16_t port_id_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> playing_{true};
  std::atomic<std::uint64_t> replayed_{0};
  OffCoreMeter off_core_;
  std::thread thread_;
};

}  // namespace crosspoint::engine
