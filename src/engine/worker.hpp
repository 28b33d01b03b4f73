// One run-to-completion data-path lcore, l3fwd style: it owns the receive queue of its ports and one
// transmit queue on every port, and runs rx_burst -> classify -> merge -> route -> rewrite -> [pace] -> send
// over each burst (the stages are the *_stage.hpp headers); paced outputs' held packets are released by
// the TSC on every turn of the loop. Between bursts it reports an RCU quiescent state,
// so the control plane can retire forwarding tables it replaced.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "classify_stage.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "forwarding_table.hpp"
#include "pace_stage.hpp"
#include "send_stage.hpp"
#include "tap_stage.hpp"
#include "tsc_clock.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

struct PortView {
  std::uint16_t port_id = 0;
  st2110::MacAddress mac;
  st2110::Ipv4Address ipv4;
  bool polled = false;  // this worker polls the port's receive queue
};

struct WorkerContext {
  unsigned index = 0;  // also the transmit queue it owns on every port
  std::vector<PortView> ports;
  rte_mempool* header_pool = nullptr;
  unsigned burst_size = 32;  // 1..kMaxBurst (the engine refuses others)
  unsigned idle_sleep_us = 0;
  unsigned realtime_priority = 0;
  rte_rcu_qsbr* qsbr = nullptr;
  const std::atomic<const ForwardingTable*>* table = nullptr;
  const std::atomic<bool>* stop = nullptr;
  rte_ring* control_tx = nullptr;  // frames the control plane wants sent (mbuf->port = engine port index)
  rte_ring* control_rx = nullptr;  // IGMP queries heard, for the control plane (mbuf->port = engine port index)
  rte_ring* arp_rx = nullptr;      // ARP replies to the port's address, for the neighbour cache (likewise)
  WorkerState* state = nullptr;
  const ClockModel* clock = nullptr;  // PTP time: where paced outputs' frames begin
  TapChannel* tap = nullptr;          // copies for the control plane (tap_stage.hpp)
};

class Worker {
 public:
  explicit Worker(WorkerContext context);
  // The lcore's loop; returns when *stop becomes true, with every buffered packet sent or freed.
  void run();

 private:
  void reconcile(const ForwardingTable& table);
  void process_burst(const ForwardingTable& table, std::uint16_t port, rte_mbuf** packets, std::uint16_t count,
                     Nanoseconds now);
  void forward(const ForwardingTable& table, std::uint16_t port, rte_mbuf* m, Nanoseconds now);
  // route -> rewrite and send, for a merged packet.
  void deliver(rte_mbuf* m, const Classified& packet, Nanoseconds now);
  // Releases what the inputs' playout buffers held long enough; returns the TSC of the next release (kNothingHeld: none).
  std::uint64_t release_playouts(Nanoseconds now);
  // A frame classify refused: ARP for us is answered, IGMP queries go to the control plane, the rest is
  // dropped and counted by `refused`.
  void handle_unclassified(std::uint16_t port, rte_mbuf* m, DropReason refused);
  void drop_on_port(std::uint16_t port, rte_mbuf* m, DropReason reason);
  void enqueue(std::uint16_t port, rte_mbuf* m, std::uint16_t output) {
    if (tx_[port].add(m, output, context_.burst_size)) flush(port);
  }
  // A routed leg packet: held by the pace stage when its output is paced, else buffered for sending.
  void enqueue_routed(std::uint16_t port, rte_mbuf* m, std::uint16_t output) {
    OutputRuntime& out = state_.outputs[output];
    if (!out.schedule.paced()) return enqueue(port, m, output);
    hold(out, output, port, m, [this](std::uint16_t p, rte_mbuf* early, std::uint16_t o) { enqueue(p, early, o); });
  }
  [[nodiscard]] PaceClock read_pace_clock() const;
  // Buffers every held packet that is due; returns the TSC the next one is due at (kNothingHeld: none).
  std::uint64_t release_held(const ForwardingTable& table);
  // After an empty poll: sleeps idle_sleep_us, or until just before `next_due`, or not at all when that is
  // too close to wake in time for.
  void idle(std::uint64_t next_due);
  void flush(std::uint16_t port);
  void flush_all();
  void publish_rx_counts();
  void drain_control_ring();
  void subscribe(InputSlot input, std::uint16_t output);

  WorkerContext context_;
  WorkerState& state_;
  std::uint64_t seen_version_ = ~std::uint64_t{0};
  unsigned armed_switches_ = 0;  // outputs of this worker with a switch armed or a move pending
  std::array<TxBuffer, kMaxPorts> tx_{};
  FlowCache flow_cache_;
  struct RxCount {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
  };
  std::array<RxCount, kMaxPorts> rx_pending_{};
  TscClock tsc_clock_;
  PaceClock pace_now_;
  // Outputs of this worker that are paced or still hold packets (from reconcile).
  std::array<std::uint16_t, kMaxOutputs> paced_slots_{};
  std::uint16_t paced_count_ = 0;
  // Inputs of this worker with a playout buffer (from reconcile), and when this turn of the loop began.
  std::array<InputSlot, kMaxInputs> playout_slots_{};
  std::uint16_t playout_count_ = 0;
  std::uint64_t turn_tsc_ = 0;
  std::uint64_t next_off_core_sample_tsc_ = 0;  // the off-core meter's next window, about a millisecond on
  TapStage tap_{context_.tap, state_};
};

// rte_eal_remote_launch entry: `arg` is a Worker*.
int run_worker(void* arg);

}  // namespace crosspoint::engine
