#include "worker.hpp"

#include <unistd.h>

#include <cstring>

#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include "arp_responder.hpp"
#include "igmp_query.hpp"
#include "packet_layout.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

namespace {

// Headers of the packet this far ahead in a burst are fetched while the current one is worked on: a burst's
// payloads (32 x 1.2 kB) outgrow L1, so a header read cold costs a miss the prefetch hides.
constexpr std::uint16_t kPrefetchAhead = 3;

constexpr std::uint64_t kSequenceOrigin = std::uint64_t{1} << 40;

unsigned sequence_bits(st2110::MediaType media) { return media == st2110::MediaType::kVideo ? 32 : 16; }

// Video carries RFC 4175's extended sequence number in the first payload bytes.
std::uint16_t extended_sequence_bytes(st2110::MediaType media) {
  return media == st2110::MediaType::kVideo ? st2110::kRfc4175ExtendedSequenceLength : 0;
}

}  // namespace

int run_worker(void* arg) {
  static_cast<Worker*>(arg)->run();
  return 0;
}

Worker::Worker(WorkerContext context) : context_(std::move(context)), state_(*context_.state) {
  if (context_.burst_size == 0 || context_.burst_size > kMaxBurst) context_.burst_size = kMaxBurst;
}

void Worker::run() {
  rte_rcu_qsbr_thread_register(context_.qsbr, context_.index);
  rte_rcu_qsbr_thread_online(context_.qsbr, context_.index);
  std::vector<std::uint16_t> polled;
  for (std::uint16_t p = 0; p < context_.ports.size(); ++p) {
    if (context_.ports[p].polled) polled.push_back(p);
  }
  rte_mbuf* burst[kMaxBurst];
  while (!context_.stop->load(std::memory_order_relaxed)) {
    const ForwardingTable* table = context_.table->load(std::memory_order_acquire);
    if (table->version != seen_version_) {
      reconcile(*table);
      seen_version_ = table->version;
    }
    // The clock matters only to armed switches (their deadline, the landing time): read it only then.
    const Nanoseconds now = armed_switches_ != 0 ? monotonic_raw_now() : 0;
    unsigned received = 0;
    for (const std::uint16_t port : polled) {
      const std::uint16_t n =
          rte_eth_rx_burst(context_.ports[port].port_id, 0, burst, static_cast<std::uint16_t>(context_.burst_size));
      if (n != 0) process_burst(*table, port, burst, n, now);
      received += n;
    }
    drain_control_ring();
    flush_all();
    publish_rx_counts();
    // No table pointer is held past this point.
    rte_rcu_qsbr_quiescent(context_.qsbr, context_.index);
    if (received == 0 && context_.idle_sleep_us != 0) usleep(context_.idle_sleep_us);
  }
  drain_control_ring();
  flush_all();
  rte_rcu_qsbr_thread_offline(context_.qsbr, context_.index);
  rte_rcu_qsbr_thread_unregister(context_.qsbr, context_.index);
}

void Worker::subscribe(InputSlot input, std::uint16_t output) {
  InputRuntime& in = state_.inputs[input];
  if (!in.in_use || in.subscriber_count == kMaxSubscribers) return;
  for (std::uint16_t i = 0; i < in.subscriber_count; ++i) {
    if (in.subscribers[i] == output) return;
  }
  in.subscribers[in.subscriber_count++] = output;
}

void Worker::reconcile(const ForwardingTable& table) {
  armed_switches_ = 0;
  for (std::size_t slot = 0; slot < kMaxInputs; ++slot) {
    const InputEntry& entry = table.inputs[slot];
    InputRuntime& in = state_.inputs[slot];
    if (entry.active && entry.worker == context_.index) {
      if (!in.in_use || in.generation != entry.generation) in.reset(entry);
      in.subscriber_count = 0;
    } else {
      in.in_use = false;
    }
  }
  for (std::size_t slot = 0; slot < kMaxOutputs; ++slot) {
    const OutputEntry& entry = table.outputs[slot];
    OutputRuntime& out = state_.outputs[slot];
    if (!entry.active || entry.worker != context_.index) {
      out.in_use = false;
      continue;
    }
    if (!out.in_use || out.generation != entry.generation) out.reset(entry);
    const InputSlot current = out.route.current();
    if (current != kNoInput && (!state_.inputs[current].in_use || state_.inputs[current].generation != out.current_generation)) {
      out.route.disconnect();
      out.current_published.store(kNoInput, std::memory_order_relaxed);
    }
    const RouteRequest& request = entry.request;
    if (request.id != 0 && request.id != out.seen_request) {
      out.seen_request = request.id;
      PendingSwitch pending{true, request.target, request.deadline_local_ns, request.id};
      if (request.target != kNoInput && (!state_.inputs[request.target].in_use ||
                                         state_.inputs[request.target].generation != request.target_generation)) {
        pending.target = kNoInput;
      }
      out.route.arm(pending);
    }
    if (out.route.pending().active) ++armed_switches_;
    if (out.route.current() != kNoInput) subscribe(out.route.current(), static_cast<std::uint16_t>(slot));
    if (out.route.pending().active && out.route.pending().target != kNoInput) {
      subscribe(out.route.pending().target, static_cast<std::uint16_t>(slot));
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
    rte_mbuf* m = packets[i];
    bytes += m->pkt_len;
    Classified packet;
    if (classify(table, port, m, packet) && merge(packet)) route(table, packet, now);
  }
  // Counted once the burst has been sent (see run()), so a reader that sees the count sees the output.
  rx_pending_[port].packets += count;
  rx_pending_[port].bytes += bytes;
}

void Worker::drop_on_port(std::uint16_t port, rte_mbuf* m, DropReason reason) {
  state_.ports[port].drops.add(reason);
  rte_pktmbuf_free(m);
}

[[gnu::always_inline]] inline bool Worker::classify(const ForwardingTable& table, std::uint16_t port, rte_mbuf* m, Classified& out) {
  if (m->nb_segs != 1) {
    drop_on_port(port, m, DropReason::kMultiSegment);
    return false;
  }
  const std::uint8_t* frame = rte_pktmbuf_mtod(m, const std::uint8_t*);
  PacketLayout layout;
  if (!read_common_shape(frame, m->data_len, layout)) {
    // Not the common shape: the full parser accepts the rare valid forms and names what is malformed.
    const auto view = st2110::parse_rtp_packet(st2110::Bytes{frame, m->data_len});
    if (!view) {
      handle_non_rtp(port, m, view.error());
      return false;
    }
    layout = layout_of(*view);
  }
  const FlowKey key{port, layout.destination_port(frame), layout.destination(frame), layout.source(frame)};
  // Bursts mostly hold runs of one flow: remember the last lookup (for this table version).
  if (!(key == last_key_) || last_table_ != &table) {
    last_key_ = key;
    last_table_ = &table;
    last_target_ = table.flows.find(key);
  }
  const FlowTarget* target = last_target_;
  if (target == nullptr) {
    drop_on_port(port, m, DropReason::kUnmatchedFlow);
    return false;
  }
  const std::uint8_t* rtp = frame + layout.rtp_offset;
  std::uint32_t sequence = st2110::load_be16(rtp + 2);
  if (target->media == st2110::MediaType::kVideo) {
    if (layout.payload_length < st2110::kRfc4175ExtendedSequenceLength) {
      drop_on_port(port, m, drop_reason_of(st2110::ParseError::kTruncatedPayloadHeader));
      return false;
    }
    sequence = st2110::full_sequence(st2110::load_be16(layout.payload(frame)), static_cast<std::uint16_t>(sequence));
  }
  out = Classified{m,
                   target->input,
                   target->leg,
                   target->media,
                   (rtp[1] & 0x80) != 0,
                   layout.rtp_offset,
                   layout.rtp_header_length,
                   layout.rtp_length,
                   layout.payload_length,
                   st2110::load_be32(rtp + 4),
                   sequence};
  return true;
}

void Worker::handle_non_rtp(std::uint16_t port, rte_mbuf* m, st2110::ParseError error) {
  const PortView& view = context_.ports[port];
  std::uint8_t* frame = rte_pktmbuf_mtod(m, std::uint8_t*);
  if (error == st2110::ParseError::kNotIpv4 && m->data_len >= st2110::kEthernetHeaderLength &&
      st2110::load_be16(frame + 12) == st2110::kEtherTypeArp) {
    if (answer_arp_in_place(st2110::MutableBytes{frame, m->data_len}, view.mac, view.ipv4)) {
      state_.ports[port].arp_replies.add();
      m->hash.usr = kNoOutput;
      m->ol_flags = 0;
      enqueue(port, m);
      return;
    }
    drop_on_port(port, m, DropReason::kArpNotForUs);
    return;
  }
  if (error == st2110::ParseError::kNotUdp) {
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
      }
      drop_on_port(port, m, DropReason::kIgmp);
      return;
    }
  }
  drop_on_port(port, m, drop_reason_of(error));
}

[[gnu::always_inline]] inline bool Worker::merge(const Classified& p) {
  InputRuntime& in = state_.inputs[p.input];
  LegRuntime& leg = in.legs[p.leg];
  const unsigned bits = sequence_bits(in.media);
  if (in.leg_count > 1) {
    // Per-leg accounting only where there are legs to compare; one leg's counters are the input's.
    leg.packets.add();
    leg.bytes.add(p.mbuf->pkt_len);
    if (!leg.started) {
      leg.started = true;
      leg.highest = kSequenceOrigin + p.sequence;
    } else {
      const std::uint64_t s = unwrap_sequence(p.sequence, bits, leg.highest);
      if (s > leg.highest + 1) leg.lost.add(s - leg.highest - 1);
      leg.highest = s;
    }

    const MergeOutcome outcome = in.merge.accept(p.sequence, bits, in.merge_window);
    if (outcome.verdict == MergeVerdict::kDuplicate) {
      leg.duplicates.add();
      in.drops.add(DropReason::kDuplicate);
      rte_pktmbuf_free(p.mbuf);
      return false;
    }
    if (outcome.verdict == MergeVerdict::kTooOld) {
      in.drops.add(DropReason::kOutsideMergeWindow);
      rte_pktmbuf_free(p.mbuf);
      return false;
    }
    if (outcome.verdict == MergeVerdict::kAdvance && outcome.skipped != 0) {
      in.lost.add(outcome.skipped);
      in.sequence_errors.add();
    } else if (outcome.verdict == MergeVerdict::kLateFill && in.lost.read() != 0) {
      in.lost.subtract();
    } else if (outcome.verdict == MergeVerdict::kRestart) {
      in.sequence_errors.add();
    }
  } else if (!in.sequence_started) {
    in.sequence_started = true;
    in.highest = kSequenceOrigin + p.sequence;
  } else {
    const std::uint64_t s = unwrap_sequence(p.sequence, bits, in.highest);
    if (s != in.highest + 1) {
      in.sequence_errors.add();
      if (s > in.highest) in.lost.add(s - in.highest - 1);
    }
    in.highest = s;  // a step back resynchronises (a restarted sender, a looped replay)
  }

  in.packets.add();
  in.bytes.add(p.mbuf->pkt_len);
  if (p.marker) in.frames.add();
  return true;
}

// Video: the first SRD at row 0, pixel 0 opens a frame (or field). How an input's very first frame is found.
bool Worker::opens_frame(const Classified& p) {
  if (p.media != st2110::MediaType::kVideo || p.payload_length < st2110::rfc4175_header_length(1)) return false;
  const std::uint8_t* srd = rte_pktmbuf_mtod_offset(p.mbuf, const std::uint8_t*, p.rtp_offset + p.rtp_header_length) +
                            st2110::kRfc4175ExtendedSequenceLength;
  return (st2110::load_be16(srd + 2) & 0x7fff) == 0 && (st2110::load_be16(srd + 4) & 0x7fff) == 0;
}

[[gnu::always_inline]] inline void Worker::route(const ForwardingTable& table, const Classified& p, Nanoseconds now) {
  InputRuntime& in = state_.inputs[p.input];
  // A frame starts after a marker or at a new timestamp.
  const PacketMarks marks{p.marker,
                          in.have_previous ? (in.previous_marker || p.timestamp != in.previous_timestamp) : opens_frame(p)};
  in.have_previous = true;
  in.previous_marker = p.marker;
  in.previous_timestamp = p.timestamp;
  // Each output but the last forwarded gets a header copy; the last takes the received mbuf itself, so the
  // sending of an output waits until the next forwarded one is known.
  // reconcile() lists only outputs in use as subscribers.
  std::uint16_t waiting = kNoOutput;
  const std::uint16_t subscriber_count = in.subscriber_count;
  for (std::uint16_t s = 0; s < subscriber_count; ++s) {
    const std::uint16_t o = in.subscribers[s];
    OutputRuntime& out = state_.outputs[o];
    const RouteDecision decision = out.route.decide(p.input, marks, now);
    if (decision.landed) record_landing(out, decision, p, now);
    if (!decision.forward) continue;
    if (waiting != kNoOutput) send(table.outputs[waiting], waiting, p, false);
    waiting = o;
  }
  if (waiting == kNoOutput) {
    in.drops.add(DropReason::kNoRoute);
    rte_pktmbuf_free(p.mbuf);
    return;
  }
  send(table.outputs[waiting], waiting, p, true);
}

void Worker::record_landing(OutputRuntime& out, RouteDecision decision, const Classified& p, Nanoseconds now) {
  --armed_switches_;
  const InputSlot current = out.route.current();
  out.current_generation = current == kNoInput ? 0 : state_.inputs[current].generation;
  out.switches.add();
  out.landing.store(Landing{out.route.pending().request, current, out.current_generation, now,
                            decision.forward ? p.timestamp : 0, out.next_index});
  out.current_published.store(current == kNoInput ? kNoInput : (std::uint64_t{out.current_generation} << 16) | current,
                              std::memory_order_relaxed);
}

[[gnu::always_inline]] inline void Worker::send(const OutputEntry& entry, std::uint16_t slot, const Classified& packet,
                                                bool owns_mbuf) {
  OutputRuntime& out = state_.outputs[slot];
  const std::uint64_t index = out.next_index++;
  for (std::uint8_t leg = 0; leg < entry.leg_count; ++leg) {
    rte_mbuf* m = nullptr;
    if (owns_mbuf && leg + 1 == entry.leg_count) {
      m = packet.mbuf;
      rewrite_in_place(entry, packet, m, leg, index);
    } else {
      m = header_copy(entry, packet, leg, index);
      if (m == nullptr) {
        out.drops.add(DropReason::kMempoolExhausted);
        state_.ports[entry.legs[leg].port].drops.add(DropReason::kMempoolExhausted);
        continue;
      }
    }
    m->hash.usr = slot;
    out.packets.add();
    out.bytes.add(m->pkt_len);
    enqueue(entry.legs[leg].port, m);
  }
  if (packet.marker) out.frames.add();
}

[[gnu::always_inline]] inline void Worker::rewrite_in_place(const OutputEntry& output, const Classified& packet, rte_mbuf* m,
                              std::uint8_t leg, std::uint64_t index) {
  const std::uint32_t wanted = kOutputHeaderLength + packet.udp_payload_length;
  if (packet.rtp_offset > kOutputHeaderLength) rte_pktmbuf_adj(m, static_cast<std::uint16_t>(packet.rtp_offset - kOutputHeaderLength));
  if (m->pkt_len > wanted) rte_pktmbuf_trim(m, static_cast<std::uint16_t>(m->pkt_len - wanted));
  std::uint8_t* d = rte_pktmbuf_mtod(m, std::uint8_t*);
  output.legs[leg].header.write(d, packet.udp_payload_length);
  std::uint8_t* rtp = d + kOutputHeaderLength;
  rewrite_rtp(rtp, output.payload_type, static_cast<std::uint16_t>(index), output.ssrc);
  if (output.media == st2110::MediaType::kVideo) {
    st2110::store_be16(rtp + packet.rtp_header_length, static_cast<std::uint16_t>(index >> 16));
  }
  m->ol_flags = 0;
}

rte_mbuf* Worker::header_copy(const OutputEntry& output, const Classified& packet, std::uint8_t leg,
                              std::uint64_t index) {
  const std::uint16_t extended = extended_sequence_bytes(output.media);
  const std::uint16_t rtp_bytes = static_cast<std::uint16_t>(packet.rtp_header_length + extended);
  const std::uint16_t header_length = static_cast<std::uint16_t>(kOutputHeaderLength + rtp_bytes);
  rte_mbuf* header = rte_pktmbuf_alloc(context_.header_pool);
  if (header == nullptr) return nullptr;
  if (rte_pktmbuf_tailroom(header) < header_length) {
    rte_pktmbuf_free(header);
    return nullptr;
  }
  rte_mbuf* payload = rte_pktmbuf_clone(packet.mbuf, context_.header_pool);
  if (payload == nullptr) {
    rte_pktmbuf_free(header);
    return nullptr;
  }
  // The reference covers the payload after the RTP header (and extended sequence number) only.
  rte_pktmbuf_adj(payload, static_cast<std::uint16_t>(packet.rtp_offset + rtp_bytes));
  const std::uint32_t payload_length = packet.udp_payload_length - rtp_bytes;
  if (payload->pkt_len > payload_length) rte_pktmbuf_trim(payload, static_cast<std::uint16_t>(payload->pkt_len - payload_length));

  std::uint8_t* d = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(header, header_length));
  std::memcpy(d + kOutputHeaderLength, rte_pktmbuf_mtod_offset(packet.mbuf, const std::uint8_t*, packet.rtp_offset),
              rtp_bytes);
  output.legs[leg].header.write(d, packet.udp_payload_length);
  std::uint8_t* rtp = d + kOutputHeaderLength;
  rewrite_rtp(rtp, output.payload_type, static_cast<std::uint16_t>(index), output.ssrc);
  if (extended != 0) st2110::store_be16(rtp + packet.rtp_header_length, static_cast<std::uint16_t>(index >> 16));
  if (rte_pktmbuf_chain(header, payload) != 0) {
    rte_pktmbuf_free(header);
    rte_pktmbuf_free(payload);
    return nullptr;
  }
  return header;
}

void Worker::flush(std::uint16_t port) {
  TxBuffer& buffer = tx_[port];
  if (buffer.count == 0) return;
  // Lengths were summed as packets were buffered: a sent mbuf belongs to the driver.
  std::uint64_t bytes = buffer.bytes;
  const std::uint16_t sent = rte_eth_tx_burst(context_.ports[port].port_id, static_cast<std::uint16_t>(context_.index),
                                              buffer.packets.data(), buffer.count);
  PortRuntime& counters = state_.ports[port];
  for (std::uint16_t i = sent; i < buffer.count; ++i) {
    rte_mbuf* m = buffer.packets[i];
    bytes -= m->pkt_len;
    if (m->hash.usr < kMaxOutputs) {
      OutputRuntime& out = state_.outputs[m->hash.usr];
      out.drops.add(DropReason::kTxFull);
      out.packets.subtract();
      out.bytes.subtract(m->pkt_len);
    }
    counters.drops.add(DropReason::kTxFull);
    rte_pktmbuf_free(m);
  }
  counters.tx_packets.add(sent);
  counters.tx_bytes.add(bytes);
  buffer.count = 0;
  buffer.bytes = 0;
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
    m->hash.usr = kNoOutput;
    state_.ports[port].igmp_reports.add();
    enqueue(port, m);
  }
}

}  // namespace crosspoint::engine
