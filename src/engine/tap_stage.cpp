#include "tap_stage.hpp"

#include <cstring>
#include <limits>

#include "route_stage.hpp"

namespace crosspoint::engine {

void TapStage::take_leases(std::uint64_t now_tsc) {
  active_ = false;
  next_expiry_tsc_ = std::numeric_limits<std::uint64_t>::max();
  for (std::size_t point = 0; point < points_.size(); ++point) {
    for (std::size_t slot = 0; slot < kTapSlots; ++slot) {
      PointState& state = points_[point][slot];
      const TapLease& lease = channel_->leases[point][slot];
      const std::uint64_t armed = lease.armed.load(std::memory_order_relaxed);
      const std::uint64_t expires = lease.expires_tsc.load(std::memory_order_relaxed);
      const auto one_in = static_cast<std::uint32_t>(armed & 0xffffffffU);
      const auto generation = static_cast<std::uint32_t>(armed >> 32);
      if (one_in == 0 || expires <= now_tsc) {
        state.one_in = 0;
        continue;
      }
      if (state.one_in == 0 || state.generation != generation) state = PointState{generation, one_in};
      // The counts go on over leases of one input or output and start again for the next in the slot.
      if (TapCounters& counters = channel_->counters[point][slot];
          counters.generation.load(std::memory_order_relaxed) != generation) {
        counters.packets.reset();
        counters.units.reset();
        counters.dropped.reset();
        counters.generation.store(generation, std::memory_order_relaxed);
      }
      state.one_in = one_in;
      active_ = true;
      next_expiry_tsc_ = std::min(next_expiry_tsc_, expires);
    }
  }
}

void TapStage::tap(TapPoint point, std::uint16_t slot, std::uint32_t generation, const Classified& p) {
  PointState& state = points_[static_cast<std::size_t>(point)][slot];
  if (state.one_in == 0 || state.generation != generation) return;
  bool starts = false;
  bool ends = false;
  if (p.media == st2110::MediaType::kAudio) {
    starts = state.period_packet == 0;
    ends = ++state.period_packet == kAudioTapPeriodPackets;
    if (ends) state.period_packet = 0;
  } else {
    // A frame is copied from its first packet (video: its first line's start) to its marker.
    starts = state.after_marker && (p.media != st2110::MediaType::kVideo || opens_frame(p));
    ends = p.marker;
    state.after_marker = p.marker;
  }
  if (starts) {
    state.copying = false;  // a unit whose end was lost ends here
    if (state.countdown == 0) {
      state.copying = true;
      ++state.unit;
      state.index = 0;
      state.countdown = state.one_in - 1;
    } else {
      --state.countdown;
    }
  }
  if (!state.copying) return;
  TapCounters& counters = channel_->counters[static_cast<std::size_t>(point)][slot];
  if (copy(TapKey{point, slot, generation}, state, ends, p)) {
    counters.packets.add();
  } else {
    counters.dropped.add();
  }
  if (state.index == 0) counters.units.add();
  ++state.index;
  if (ends) state.copying = false;
}

bool TapStage::copy(const TapKey& key, const PointState& state, bool last, const Classified& p) {
  // The ring has only this producer: with room now, it still has room after the buffer is filled.
  if (p.payload_length > kTapPayloadCapacity || rte_ring_free_count(channel_->ring) == 0) return false;
  void* taken = nullptr;
  if (rte_mempool_get(channel_->pool, &taken) != 0) return false;
  auto* buffer = static_cast<TapBuffer*>(taken);
  buffer->key = key;
  buffer->unit = state.unit;
  buffer->index = state.index;
  buffer->last = last;
  buffer->rtp_timestamp = p.timestamp;
  buffer->length = p.payload_length;
  std::memcpy(buffer->payload, p.payload(), p.payload_length);
  rte_ring_sp_enqueue(channel_->ring, buffer);
  return true;
}

}  // namespace crosspoint::engine
