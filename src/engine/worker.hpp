// One run-to-completion data-path lcore, l3fwd style: it owns the receive queue of its ports and one
// transmit queue on every port, and runs rx_burst -> classify -> merge -> route -> rewrite -> tx_burst
// over each burst. Between bursts it reports an RCU quiescent state, so the control plane can retire
// forwarding tables it replaced.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "forwarding_table.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

constexpr unsigned kMaxBurst = 64;
// No output slot: in mbuf->hash.usr, a packet that belongs to no output (ARP replies, IGMP reports).
constexpr std::uint16_t kNoOutput = 0xffff;

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
  unsigned burst_size = 32;
  unsigned idle_sleep_us = 0;
  rte_rcu_qsbr* qsbr = nullptr;
  const std::atomic<const ForwardingTable*>* table = nullptr;
  const std::atomic<bool>* stop = nullptr;
  rte_ring* control_tx = nullptr;  // frames the control plane wants sent (mbuf->port = engine port index)
  rte_ring* control_rx = nullptr;  // IGMP queries heard, for the control plane (mbuf->port = engine port index)
  WorkerState* state = nullptr;
};

class Worker {
 public:
  explicit Worker(WorkerContext context);
  // The lcore's loop; returns when *stop becomes true, with every buffered packet sent or freed.
  void run();

 private:
  // A received packet that belongs to an input, with what the later stages need from its headers.
  struct Classified {
    rte_mbuf* mbuf;
    InputSlot input;
    std::uint8_t leg;
    st2110::MediaType media;
    bool marker;
    std::uint16_t rtp_offset;
    std::uint16_t rtp_header_length;
    std::uint16_t udp_payload_length;  // the RTP packet
    std::uint16_t payload_length;      // the RTP payload, padding excluded
    std::uint32_t timestamp;
    std::uint32_t sequence;  // RTP's, or RFC 4175 extended << 16 | RTP's for video
  };
  struct TxBuffer {
    std::array<rte_mbuf*, kMaxBurst> packets{};
    std::uint16_t count = 0;
    std::uint64_t bytes = 0;  // of the buffered packets
  };

  void reconcile(const ForwardingTable& table);
  void process_burst(const ForwardingTable& table, std::uint16_t port, rte_mbuf** packets, std::uint16_t count,
                     Nanoseconds now);
  // The per-packet stages, inlined into process_burst: false when the packet was dropped (and counted).
  bool classify(const ForwardingTable& table, std::uint16_t port, rte_mbuf* m, Classified& out);
  bool merge(const Classified& packet);
  void route(const ForwardingTable& table, const Classified& packet, Nanoseconds now);
  static bool opens_frame(const Classified& packet);
  void record_landing(OutputRuntime& out, RouteDecision decision, const Classified& packet, Nanoseconds now);
  // Sends `packet` on every leg of output `slot`; with `owns_mbuf` the last leg takes the received mbuf,
  // rewritten in place, and the others (or all, without it) header copies chained to its payload.
  void send(const OutputEntry& entry, std::uint16_t slot, const Classified& packet, bool owns_mbuf);
  void rewrite_in_place(const OutputEntry& output, const Classified& packet, rte_mbuf* m, std::uint8_t leg,
                        std::uint64_t index);
  rte_mbuf* header_copy(const OutputEntry& output, const Classified& packet, std::uint8_t leg, std::uint64_t index);
  void handle_non_rtp(std::uint16_t port, rte_mbuf* m, st2110::ParseError error);
  void drop_on_port(std::uint16_t port, rte_mbuf* m, DropReason reason);
  void enqueue(std::uint16_t port, rte_mbuf* m) {
    TxBuffer& buffer = tx_[port];
    buffer.packets[buffer.count++] = m;
    buffer.bytes += m->pkt_len;
    if (buffer.count >= context_.burst_size) flush(port);
  }
  void flush(std::uint16_t port);
  void flush_all();
  void publish_rx_counts();
  void drain_control_ring();
  void subscribe(InputSlot input, std::uint16_t output);

  WorkerContext context_;
  WorkerState& state_;
  std::uint64_t seen_version_ = ~std::uint64_t{0};
  unsigned armed_switches_ = 0;  // outputs of this worker with a switch armed and not landed
  std::array<TxBuffer, kMaxPorts> tx_{};
  FlowKey last_key_{0xffff, 0, 0, 0};
  const ForwardingTable* last_table_ = nullptr;
  const FlowTarget* last_target_ = nullptr;
  st2110::RtpPacketView view_;  // classify parses into it in place, packet after packet
  struct RxCount {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
  };
  std::array<RxCount, kMaxPorts> rx_pending_{};
};

// rte_eal_remote_launch entry: `arg` is a Worker*.
int run_worker(void* arg);

}  // namespace crosspoint::engine
