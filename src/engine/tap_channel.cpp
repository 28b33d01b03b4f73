#include "tap_channel.hpp"

#include <rte_errno.h>

namespace crosspoint::engine {

TapChannel::~TapChannel() {
  if (ring != nullptr) {
    void* buffer = nullptr;
    while (rte_ring_sc_dequeue(ring, &buffer) == 0) rte_mempool_put(pool, buffer);
    rte_ring_free(ring);
  }
  rte_mempool_free(pool);
}

Expected<std::unique_ptr<TapChannel>, EngineError> make_tap_channel(const std::string& name, unsigned buffers) {
  auto channel = std::make_unique<TapChannel>();
  // The worker only gets and the reader only puts, so both ends run single-threaded: no compare-and-swap.
  channel->pool = rte_mempool_create(("xp_tapb_" + name).c_str(), buffers, sizeof(TapBuffer), 0, 0, nullptr, nullptr,
                                     nullptr, nullptr, SOCKET_ID_ANY, RTE_MEMPOOL_F_SP_PUT | RTE_MEMPOOL_F_SC_GET);
  channel->ring = rte_ring_create(("xp_tapr_" + name).c_str(), buffers, SOCKET_ID_ANY,
                                  RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
  if (channel->pool == nullptr || channel->ring == nullptr) {
    return engine_error(EngineErrorCode::kDpdk, std::string("tap ring or pool: ") + rte_strerror(rte_errno));
  }
  return channel;
}

void grant_tap_lease(TapChannel& channel, const TapKey& key, std::uint32_t one_in, std::uint64_t expires_tsc) {
  TapLease& lease = channel.leases[static_cast<std::size_t>(key.point)][key.slot];
  // The worker may read the two words between these stores: it reads them again after the version moves.
  lease.expires_tsc.store(expires_tsc, std::memory_order_relaxed);
  lease.armed.store(std::uint64_t{key.generation} << 32 | one_in, std::memory_order_relaxed);
  channel.version.fetch_add(1, std::memory_order_release);
}

std::size_t drain_tap(TapChannel& channel, const TapConsumer& consume) {
  constexpr unsigned kBurst = 64;
  void* buffers[kBurst];
  std::size_t total = 0;
  for (;;) {
    const unsigned n = rte_ring_sc_dequeue_burst(channel.ring, buffers, kBurst, nullptr);
    for (unsigned i = 0; i < n; ++i) {
      const auto* b = static_cast<const TapBuffer*>(buffers[i]);
      consume(TappedPacket{b->key, b->unit, b->index, b->last, b->rtp_timestamp, st2110::Bytes{b->payload, b->length}});
    }
    if (n != 0) rte_mempool_put_bulk(channel.pool, buffers, n);
    total += n;
    if (n < kBurst) return total;
  }
}

namespace {

void add_counts(TapStats& into, const TapCounters& counters) {
  into.packets += counters.packets.read();
  into.units += counters.units.read();
  into.dropped += counters.dropped.read();
}

// The counts of one input or output, when its worker counts for this generation of its slot.
TapStats counts_of(std::span<const std::unique_ptr<TapChannel>> channels, unsigned worker, TapPoint point,
                   std::uint16_t slot, std::uint32_t generation) {
  TapStats stats;
  if (worker >= channels.size()) return stats;
  const TapCounters& counters = channels[worker]->counters[static_cast<std::size_t>(point)][slot];
  if (counters.generation.load(std::memory_order_relaxed) == generation) add_counts(stats, counters);
  return stats;
}

void add_to_total(TapStats& total, const TapStats& one) {
  total.packets += one.packets;
  total.units += one.units;
  total.dropped += one.dropped;
}

}  // namespace

void add_tap_stats(EngineStats& stats, std::span<const std::unique_ptr<TapChannel>> channels,
                   const InputRecords& inputs, const OutputRecords& outputs) {
  for (InputStats& input : stats.inputs) {
    const auto record = inputs.find(input.id);
    if (record == inputs.end()) continue;
    input.tap = counts_of(channels, record->second.worker, TapPoint::kInput, record->second.slot, record->second.generation);
    add_to_total(stats.tap, input.tap);
  }
  for (OutputStats& output : stats.outputs) {
    const auto record = outputs.find(output.id);
    if (record == outputs.end()) continue;
    output.tap = counts_of(channels, record->second.config.worker, TapPoint::kOutput, record->second.slot,
                           record->second.generation);
    add_to_total(stats.tap, output.tap);
  }
  for (const auto& channel : channels) stats.tap_buffers_in_use += rte_mempool_in_use_count(channel->pool);
}

}  // namespace crosspoint::engine
