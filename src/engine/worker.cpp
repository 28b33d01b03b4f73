#include "worker.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>

#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include "arp_responder.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "igmp_query.hpp"
#include "merge_stage.hpp"
#include "route_reconcile.hpp"
#include "route_stage.hpp"

namespace crosspoint::engine {

namespace {

// Headers of the packet this far ahead in a burst are fetched while the current one is worked on: a burst's
// payloads (32 x 1.2 kB) outgrow L1, so a header read cold costs a miss the prefetch hides.
constexpr std::uint16_t kPrefetchAhead = 3;

}  // namespace

int run_worker(void* arg) {
  static_cast<Worker*>(arg)->run();
  return 0;
}

Worker::Worker(WorkerContext context) : context_(std::move(context)), state_(*context_.state) {}

void Worker::run() {
  // Sleeps end within a microsecond of their time, not the default 50 us: paced outputs sleep between
  // packets when the gaps allow.
  prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
  if (context_.realtime_priority != 0) {
    const sched_param param{static_cast<int>(context_.realtime_priority)};
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);  // without the privilege: as before
  }
  rte_rcu_qsbr_thread_register(context_.qsbr, context_.index);
  rte_rcu_qsbr_thread_online(context_.qsbr, context_.index);
  std::vector<std::uint16_t> polled;
  for (std::uint16_t p = 0; p < context_.ports.size(); ++p) {
    if (context_.ports[p].polled) polled.push_back(p);
  }
  rte_mbuf* burst[kMaxBurst];
  tsc_clock_.restart();
  state_.off_core.start();
  const auto off_core_window = static_cast<std::uint64_t>(static_cast<double>(OffCoreMeter::kWindowNs) * tsc_clock_.cycles_per_ns());
  while (!context_.stop->load(std::memory_order_relaxed)) {
    const ForwardingTable* table = context_.table->load(std::memory_order_acquire);
    if (table->version != seen_version_) {
      reconcile(*table);
      seen_version_ = table->version;
      state_.reconciled_version.store(seen_version_, std::memory_order_release);
    }
    // The clock matters only to armed switches (their deadline, the landing time): read it only then.
    const Nanoseconds now = armed_switches_ != 0 ? monotonic_raw_now() : 0;
    // Kept anchored (a compare, and every 5 ms a clock read) so paced outputs added later find it current.
    turn_tsc_ = rte_rdtsc();
    tsc_clock_.refresh(turn_tsc_);
    if (turn_tsc_ >= next_off_core_sample_tsc_) {
      state_.off_core.sample();
      next_off_core_sample_tsc_ = turn_tsc_ + off_core_window;
    }
    if (paced_count_ != 0) pace_now_ = read_pace_clock();
    tap_.refresh();
    unsigned received = 0;
    for (const std::uint16_t port : polled) {
      const std::uint16_t n =
          rte_eth_rx_burst(context_.ports[port].port_id, 0, burst, static_cast<std::uint16_t>(context_.burst_size));
      if (n != 0) process_burst(*table, port, burst, n, now);
      received += n;
    }
    drain_control_ring();
    const std::uint64_t playout_due = playout_count_ != 0 ? release_playouts(now) : kNothingHeld;
    const std::uint64_t next_due = std::min(playout_due, paced_count_ != 0 ? release_held(*table) : kNothingHeld);
    flush_all();
    publish_rx_counts();
    // No table pointer is held past this point.
    rte_rcu_qsbr_quiescent(context_.qsbr, context_.index);
    if (received == 0 && context_.idle_sleep_us != 0) idle(next_due);
  }
  drain_control_ring();
  // Held packets are not sent on stopping: their time has not come.
  for (auto& out : state_.outputs) out.held.clear();
  for (auto& in : state_.inputs) {
    if (in.in_use && in.playout != nullptr) in.playout->clear([](rte_mbuf* m) { rte_pktmbuf_free(m); });
  }
  flush_all();
  rte_rcu_qsbr_thread_offline(context_.qsbr, context_.index);
  rte_rcu_qsbr_thread_unregister(context_.qsbr, context_.index);
}

void Worker::subscribe(InputSlot input, std::uint16_t output) {
  InputRuntime& in = state_.inputs[input];
  if (!in.in_use) return;
  for (std::uint16_t i = 0; i < in.subscriber_count; ++i) {
    if (in.subscribers[i] == output) return;
  }
  in.subscribers[in.subscriber_count++] = output;  // never full: kMaxSubscribers is the number of outputs
}

void Worker::reconcile(const ForwardingTable& table) {
  armed_switches_ = 0;
  paced_count_ = 0;
  playout_count_ = 0;
  flow_cache_.forget();  // its target points into the table being replaced
  for (std::size_t slot = 0; slot < kMaxInputs; ++slot) {
    const InputEntry& entry = table.inputs[slot];
    InputRuntime& in = state_.inputs[slot];
    if (entry.active && entry.worker == context_.index) {
      if (!in.in_use || in.generation != entry.generation) in.reset(entry);
      in.subscriber_count = 0;
      if (in.playout != nullptr) playout_slots_[playout_count_++] = static_cast<InputSlot>(slot);
    } else {
      // Its playout buffer goes back to the control plane empty (it frees it once this table is reconciled).
      if (in.in_use && in.playout != nullptr) in.playout->clear([](rte_mbuf* m) { rte_pktmbuf_free(m); });
      in.playout = nullptr;
      in.in_use = false;
    }
  }
  for (std::size_t slot = 0; slot < kMaxOutputs; ++slot) {
    const OutputEntry& entry = table.outputs[slot];
    OutputRuntime& out = state_.outputs[slot];
    if (!entry.active || entry.worker != context_.index) {
      if (out.in_use) out.held.clear();
      out.held.adopt(nullptr, rte_pktmbuf_free);  // the slots go with the output
      out.in_use = false;
      continue;
    }
    const bool fresh = !out.in_use || out.generation != entry.generation;
    if (fresh) out.reset(entry, monotonic_raw_now());
    out.take_pacing(entry);
    // Slots sized for another format: what is held moves over, what does not fit leaves early.
    out.held.adopt(entry.pace_slots, [&](rte_mbuf* m) {
      out.pace_overruns.add();
      enqueue(m->port, m, static_cast<std::uint16_t>(slot));
    });
    if (out.schedule.paced() || !out.held.empty()) paced_slots_[paced_count_++] = static_cast<std::uint16_t>(slot);
    const InputHandle current = out.current_input.load(std::memory_order_relaxed);
    if (current.connected() && (!state_.inputs[current.slot()].in_use ||
                                state_.inputs[current.slot()].generation != current.generation())) {
      out.route.disconnect();
      out.current_input.store(InputHandle{}, std::memory_order_relaxed);
    }
    out.take_transport(entry, monotonic_raw_now());
    reconcile_route(out, entry, state_.inputs, fresh);
    if (out.waits_for_boundary()) ++armed_switches_;
    if (out.route.current() != kNoInput) subscribe(out.route.current(), static_cast<std::uint16_t>(slot));
    for (const PendingSwitch& pending : out.route.queued()) {
      if (pending.target.connected()) subscribe(pending.target.slot(), static_cast<std::uint16_t>(slot));
    }
  }
}

void Worker::process_burst(const ForwardingTable& table, std::uint16_t port, rte_mbuf** packets,
                           std::uint16_t count, Nanoseconds now) {
  // One pass per packet: its headers are still in L1 from the receive copy when it is routed and rewritten.
  std::uint64_t bytes = 0;
  for (std::uint16_t i = 0; i < count && i < kPrefetchAhead; ++i) rte_prefetch0(rte_pktmbuf_mtod(packets[i], void*));
  for (std::uint16_t i = 0; i < count; ++i) {
    if (i + kPrefetchAhead < count) rte_prefetch0(rte_pktmbuf_mtod(packets[i + kPrefetchAhead], void*));
    bytes += packets[i]->pkt_len;
    forward(table, port, packets[i], now);
  }
  // Counted once the burst has been sent (see run()), so a reader that sees the count sees the output.
  rx_pending_[port].packets += count;
  rx_pending_[port].bytes += bytes;
}

// route -> rewrite and send, for a merged packet.
[[gnu::always_inline]] inline void Worker::deliver(rte_mbuf* m, const Classified& packet, Nanoseconds now) {
  if (tap_.active()) [[unlikely]] tap_.input(packet);
  const auto send_to = [&](std::uint16_t o, bool owns_mbuf) __attribute__((always_inline)) {
    OutputRuntime& out = state_.outputs[o];
    if (out.schedule.paced()) schedule_packet(out, packet, pace_now_);
    if (tap_.active()) [[unlikely]] tap_.output(o, packet);
    send(out.sending, o, state_, packet, m, owns_mbuf, context_.header_pool,
         [this](std::uint16_t leg_port, rte_mbuf* sent, std::uint16_t output)
             __attribute__((always_inline)) { enqueue_routed(leg_port, sent, output); });
  };
  if (!route(state_, packet, now, armed_switches_, send_to)) rte_pktmbuf_free(m);
}

// classify -> merge -> route -> rewrite and send, for one received packet.
[[gnu::always_inline]] inline void Worker::forward(const ForwardingTable& table, std::uint16_t port, rte_mbuf* m,
                                                   Nanoseconds now) {
  if (m->nb_segs != 1) return drop_on_port(port, m, DropReason::kMultiSegment);
  Classified packet;
  DropReason refused{};
  if (!classify(rte_pktmbuf_mtod(m, const std::uint8_t*), m->data_len, port, table.flows, flow_cache_, packet,
                refused)) {
    return handle_unclassified(port, m, refused);
  }
  InputRuntime& in = state_.inputs[packet.input];
  if (in.playout != nullptr) {
    const auto release = [&](rte_mbuf* out, const Classified& p) __attribute__((always_inline)) { deliver(out, p, now); };
    if (!merge_through_playout(in, m, packet, turn_tsc_, release)) rte_pktmbuf_free(m);
    return;
  }
  if (!merge(in, packet, m->pkt_len)) return rte_pktmbuf_free(m);
  deliver(m, packet, now);
}

void Worker::drop_on_port(std::uint16_t port, rte_mbuf* m, DropReason reason) {
  state_.ports[port].drops.add(reason);
  rte_pktmbuf_free(m);
}

void Worker::handle_unclassified(std::uint16_t port, rte_mbuf* m, DropReason refused) {
  const PortView& view = context_.ports[port];
  std::uint8_t* frame = rte_pktmbuf_mtod(m, std::uint8_t*);
  if (refused == drop_reason_of(st2110::ParseError::kNotIpv4) && m->data_len >= st2110::kEthernetHeaderLength &&
      st2110::load_be16(frame + 12) == st2110::kEtherTypeArp) {
    if (answer_arp_in_place(st2110::MutableBytes{frame, m->data_len}, view.mac, view.ipv4)) {
      state_.ports[port].arp_replies.add();
      m->ol_flags = 0;
      enqueue(port, m, kNoOutput);
      return;
    }
    // Replies to the requests the control plane sent for unicast destinations.
    if (context_.arp_rx != nullptr && parse_arp_reply(st2110::Bytes{frame, m->data_len}, view.ipv4)) {
      m->port = port;
      if (rte_ring_sp_enqueue(context_.arp_rx, m) == 0) return;
    }
    drop_on_port(port, m, DropReason::kArpNotForUs);
    return;
  }
  if (refused == drop_reason_of(st2110::ParseError::kNotUdp)) {
    auto ethernet = st2110::parse_ethernet(st2110::Bytes{frame, m->data_len});
    if (ethernet && m->data_len > ethernet->length() + 9 && frame[ethernet->length() + 9] == st2110::kIpProtocolIgmp) {
      // Queries go to the control plane, which answers them from the memberships; other IGMP is dropped.
      const std::size_t igmp_at = ethernet->length() + (frame[ethernet->length()] & 0x0fU) * 4;
      if (context_.control_rx != nullptr && m->data_len > igmp_at && frame[igmp_at] == kIgmpMembershipQuery) {
        m->port = port;
        if (rte_ring_sp_enqueue(context_.control_rx, m) == 0) {
          state_.ports[port].igmp_queries.add();
          return;
        }
        drop_on_port(port, m, DropReason::kQueryBacklog);
        return;
      }
      drop_on_port(port, m, DropReason::kIgmp);
      return;
    }
  }
  drop_on_port(port, m, refused);
}

void Worker::flush(std::uint16_t port) {
  TxBuffer& buffer = tx_[port];
  if (buffer.count == 0) return;
  const std::uint16_t sent = rte_eth_tx_burst(context_.ports[port].port_id, static_cast<std::uint16_t>(context_.index),
                                              buffer.packets.data(), buffer.count);
  settle(buffer, sent, state_.ports[port], state_.outputs);
}

PaceClock Worker::read_pace_clock() const {
  PaceClock now;
  now.tsc = rte_rdtsc();
  now.cycles_per_ns = tsc_clock_.cycles_per_ns();
  now.ptp_ns = context_.clock->to_ptp(tsc_clock_.local_at(now.tsc)).to_nanos();
  return now;
}

std::uint64_t Worker::release_held(const ForwardingTable& table) {
  const std::uint64_t now = rte_rdtsc();
  std::uint64_t next = kNothingHeld;
  for (std::uint16_t i = 0; i < paced_count_; ++i) {
    const std::uint16_t slot = paced_slots_[i];
    const std::uint8_t legs = std::max<std::uint8_t>(1, table.outputs[slot].leg_count);
    next = std::min(next, release_due(state_.outputs[slot], slot, now, tsc_clock_.cycles_per_ns(), legs,
                                      [this](std::uint16_t p, rte_mbuf* m, std::uint16_t o) { enqueue(p, m, o); }));
  }
  return next;
}

std::uint64_t Worker::release_playouts(Nanoseconds now) {
  const std::uint64_t tsc = rte_rdtsc();
  std::uint64_t next = kNothingHeld;
  for (std::uint16_t i = 0; i < playout_count_; ++i) {
    InputRuntime& in = state_.inputs[playout_slots_[i]];
    if (!in.playout->holding()) continue;
    next = std::min(next, release_waiting(in, tsc, [&](rte_mbuf* m, const Classified& p) { deliver(m, p, now); }));
  }
  return next;
}

void Worker::idle(std::uint64_t next_due) {
  // A wake-up comes this much after the time asked (timer slack set to 1 us, scheduling): asked earlier.
  constexpr Nanoseconds kWakeMarginNs = 5'000;
  constexpr Nanoseconds kShortestSleepNs = 10'000;
  Nanoseconds sleep = Nanoseconds{context_.idle_sleep_us} * 1000;
  if (next_due != kNothingHeld) {
    const std::uint64_t now = rte_rdtsc();
    if (next_due <= now) return;
    const auto until = static_cast<Nanoseconds>(static_cast<double>(next_due - now) / tsc_clock_.cycles_per_ns()) - kWakeMarginNs;
    if (until < kShortestSleepNs) return;
    sleep = std::min(sleep, until);
  }
  const timespec span{static_cast<time_t>(sleep / kNanosPerSecond), static_cast<long>(sleep % kNanosPerSecond)};
  const std::uint64_t before = rte_rdtsc();
  clock_nanosleep(CLOCK_MONOTONIC, 0, &span, nullptr);
  state_.off_core.slept(sleep, static_cast<Nanoseconds>(static_cast<double>(rte_rdtsc() - before) / tsc_clock_.cycles_per_ns()));
}

void Worker::publish_rx_counts() {
  for (std::uint16_t p = 0; p < context_.ports.size(); ++p) {
    if (rx_pending_[p].packets == 0) continue;
    state_.ports[p].rx_packets.add(rx_pending_[p].packets);
    state_.ports[p].rx_bytes.add(rx_pending_[p].bytes);
    rx_pending_[p] = RxCount{};
  }
}

void Worker::flush_all() {
  for (std::uint16_t p = 0; p < context_.ports.size(); ++p) flush(p);
}

void Worker::drain_control_ring() {
  if (context_.control_tx == nullptr) return;
  void* frames[kMaxBurst];
  const unsigned n = rte_ring_sc_dequeue_burst(context_.control_tx, frames, kMaxBurst, nullptr);
  for (unsigned i = 0; i < n; ++i) {
    auto* m = static_cast<rte_mbuf*>(frames[i]);
    const std::uint16_t port = m->port;
    if (port >= context_.ports.size()) {
      rte_pktmbuf_free(m);
      continue;
    }
    // The control plane sends IGMP reports and ARP requests: only the former are counted as reports.
    if (st2110::load_be16(rte_pktmbuf_mtod(m, const std::uint8_t*) + 12) != st2110::kEtherTypeArp) state_.ports[port].igmp_reports.add();
    enqueue(port, m, kNoOutput);
  }
}

}  // namespace crosspoint::engine
