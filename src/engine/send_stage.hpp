// The data path's last stage: a routed packet goes out on every leg of each of its outputs, buffered per
// port and handed to the port's transmit queue a burst at a time. What the queue refuses is freed and
// charged back to its output and port (kTxFull), so the counters say what left.
#pragma once

#include <array>
#include <cstdint>

#include <rte_mbuf.h>

#include "crosspoint/engine/limits.hpp"
#include "rewrite_stage.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// A buffered packet that belongs to no output (ARP replies, IGMP reports).
constexpr std::uint16_t kNoOutput = 0xffff;

// Packets waiting for one port's transmit queue, each with the output slot it was sent for.
struct TxBuffer {
  std::array<rte_mbuf*, kMaxBurst> packets{};
  std::array<std::uint16_t, kMaxBurst> outputs{};
  std::uint16_t count = 0;
  std::uint64_t bytes = 0;  // of the buffered packets

  // Returns true when the buffer now holds `burst` packets (flush it).
  bool add(rte_mbuf* m, std::uint16_t output, unsigned burst) {
    packets[count] = m;
    outputs[count] = output;
    ++count;
    bytes += m->pkt_len;
    return count >= burst;
  }
};

// Frees the buffered packets from `first` on, which the transmit queue refused, and charges them back to
// their outputs and to `port`; the buffer is empty after, and the sent packets counted on `port`.
inline void settle(TxBuffer& buffer, std::uint16_t first, PortRuntime& port, std::array<OutputRuntime, kMaxOutputs>& outputs) {
  // Lengths were summed as packets were buffered: a sent mbuf belongs to the driver.
  std::uint64_t bytes = buffer.bytes;
  for (std::uint16_t i = first; i < buffer.count; ++i) {
    rte_mbuf* m = buffer.packets[i];
    bytes -= m->pkt_len;
    if (buffer.outputs[i] != kNoOutput) {
      OutputRuntime& out = outputs[buffer.outputs[i]];
      out.drops.add(DropReason::kTxFull);
      out.packets.subtract();
      out.bytes.subtract(m->pkt_len);
    }
    port.drops.add(DropReason::kTxFull);
    rte_pktmbuf_free(m);
  }
  port.tx_packets.add(first);
  port.tx_bytes.add(bytes);
  buffer.count = 0;
  buffer.bytes = 0;
}

// Sends `packet` on every leg of output `slot` through `enqueue(port index, mbuf, slot)`: with `owns_mbuf`
// the last leg takes the received mbuf `m`, rewritten in place; the others (or all, without it) header copies
// from `header_pool`. A copy that cannot be made is counted on the output and its leg's port; a leg whose
// destination is unresolved sends nothing, counted on the output.
template <typename Enqueue>
[[gnu::always_inline]] inline void send(const OutputEntry& entry, std::uint16_t slot, WorkerState& state,
                                        const Classified& packet, rte_mbuf* m, bool owns_mbuf, rte_mempool* header_pool,
                                        Enqueue&& enqueue) {
  OutputRuntime& out = state.outputs[slot];
  const std::uint64_t index = out.next_index++;
  for (std::uint8_t leg = 0; leg < entry.leg_count; ++leg) {
    if (!entry.legs[leg].reachable) [[unlikely]] {
      out.drops.add(DropReason::kUnresolvedDestination);
      if (owns_mbuf && leg + 1 == entry.leg_count) rte_pktmbuf_free(m);
      continue;
    }
    rte_mbuf* sent = m;
    if (owns_mbuf && leg + 1 == entry.leg_count) {
      rewrite_in_place(entry, leg, packet, m, index);
    } else {
      DropReason why{};
      sent = header_copy(entry, leg, packet, m, index, header_pool, why);
      if (sent == nullptr) {
        out.drops.add(why);
        state.ports[entry.legs[leg].port].drops.add(why);
        continue;
      }
    }
    out.packets.add();
    out.bytes.add(sent->pkt_len);
    enqueue(entry.legs[leg].port, sent, slot);
  }
  if (packet.marker) out.frames.add();
}

}  // namespace crosspoint::engine
