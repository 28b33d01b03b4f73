// The data path's last stage but one, for paced outputs (ST 2110-21): a rewritten packet is held in its
// output's queue until its place in the output's schedule, then handed to the send buffers with whatever
// else is due, so a transmit burst holds what is due and no more. Routing and the 2022-7 merge happen
// before, so a clean switch stays clean and paced. Packets that arrive after their time are sent at once
// and counted late; a full queue sends its oldest early, counted as an overrun.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include <rte_mbuf.h>

#include "classify_stage.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

// When the worker handles a burst, on the TSC and on PTP time.
struct PaceClock {
  std::uint64_t tsc = 0;
  std::uint64_t ptp_ns = 0;
  double cycles_per_ns = 1.0;
};

constexpr std::uint64_t kNothingHeld = std::numeric_limits<std::uint64_t>::max();

// The TSC reading at which `packet` is due on output `out`; sets out.held_due_tsc (and the time it is held
// at), which hold() uses for every leg of the packet.
inline void schedule_packet(OutputRuntime& out, const Classified& packet, const PaceClock& now) {
  out.held_at_tsc = now.tsc;
  const std::uint64_t due = out.schedule.due_ns(packet.timestamp, packet.marker, now.ptp_ns);
  const auto ahead_ns = static_cast<std::int64_t>(due - now.ptp_ns);
  if (out.schedule.unaligned() != out.pace_unaligned.read()) {
    out.pace_unaligned.add(out.schedule.unaligned() - out.pace_unaligned.read());
  }
  if (ahead_ns < 0) {
    out.pace_late.add();
    out.held_due_tsc = now.tsc;
    return;
  }
  out.held_due_tsc = now.tsc + static_cast<std::uint64_t>(static_cast<double>(ahead_ns) * now.cycles_per_ns);
}

// Holds leg packet `m` (for the leg on engine port `port`) until out.held_due_tsc; `send(port, mbuf, slot)`
// takes the oldest packet early when the queue is full.
template <typename Send>
[[gnu::always_inline]] inline void hold(OutputRuntime& out, std::uint16_t slot, std::uint16_t port, rte_mbuf* m, Send&& send) {
  if (out.held.full()) {
    rte_mbuf* oldest = out.held.front().m;
    out.hold_time.add(out.held_at_tsc - out.held.front().held_tsc);
    out.held.pop();
    out.pace_overruns.add();
    send(oldest->port, oldest, slot);
  }
  m->port = port;
  out.held.push(m, out.held_due_tsc, out.held_at_tsc);
  out.pace_depth_max.raise_to(out.held.size());
}

// Hands `send(port, mbuf, slot)` every packet of output `slot` due by `now_tsc`, oldest first, never
// faster than the schedule's drain period allows (a few back to back): after a stall the backlog leaves
// at the network model's drain rate, not in one burst. Returns the TSC of the next release, or kNothingHeld.
template <typename Send>
inline std::uint64_t release_due(OutputRuntime& out, std::uint16_t slot, std::uint64_t now_tsc, double cycles_per_ns,
                                 std::uint8_t legs, Send&& send) {
  const auto spacing = static_cast<std::uint64_t>(out.schedule.drain_ns() * cycles_per_ns / legs);
  const std::uint64_t credit = spacing * out.schedule.burst() * legs;
  std::uint64_t next = kNothingHeld;
  while (!out.held.empty()) {
    const HeldPacket& head = out.held.front();
    if (head.due_tsc > now_tsc || out.release_ready_tsc > now_tsc) {
      next = std::max(head.due_tsc, out.release_ready_tsc);
      break;
    }
    rte_mbuf* m = head.m;
    out.hold_time.add(now_tsc - head.held_tsc);
    out.held.pop();
    send(m->port, m, slot);
    out.release_ready_tsc = std::max(out.release_ready_tsc, now_tsc > credit ? now_tsc - credit : 0) + spacing;
  }
  out.pace_depth.store(out.held.size(), std::memory_order_relaxed);
  return next;
}

}  // namespace crosspoint::engine
