#include "stats_aggregation.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>

namespace crosspoint::engine {

namespace {

PortStats port_stats(std::size_t p, std::span<const PortConfig> ports, std::span<const OpenPort> open_ports,
                     std::span<const std::unique_ptr<WorkerState>> workers, const IgmpMembership& membership) {
  PortStats port;
  port.name = ports[p].name;
  for (const auto& worker : workers) {
    const PortRuntime& r = worker->ports[p];
    port.rx_packets += r.rx_packets.read();
    port.rx_bytes += r.rx_bytes.read();
    port.tx_packets += r.tx_packets.read();
    port.tx_bytes += r.tx_bytes.read();
    port.arp_replies += r.arp_replies.read();
    port.igmp_reports += r.igmp_reports.read();
    port.igmp_queries += r.igmp_queries.read();
    r.drops.accumulate(port.drops);
  }
  port.igmp_reports_unsent = membership.unsent(static_cast<std::uint16_t>(p));
  if (p < open_ports.size()) {
    rte_eth_stats device{};
    if (rte_eth_stats_get(open_ports[p].port_id, &device) == 0) {
      port.device_rx_missed = device.imissed;
      port.device_tx_errors = device.oerrors;
    }
  }
  return port;
}

InputStats input_stats(const std::string& id, const InputRecord& record, std::span<const std::unique_ptr<WorkerState>> workers) {
  InputStats input;
  input.id = id;
  for (const InputLeg& leg : record.config.legs) input.legs.push_back(LegStats{leg.port, 0, 0, 0, 0, 0});
  if (record.worker >= workers.size()) return input;
  const InputRuntime& r = workers[record.worker]->inputs[record.slot];
  if (!r.in_use || r.generation != record.generation) return input;
  input.packets = r.packets.read();
  input.bytes = r.bytes.read();
  input.frames = r.frames.read();
  input.sequence_errors = r.sequence_errors.read();
  input.lost = r.lost.read();
  r.drops.accumulate(input.drops);
  if (record.playout != nullptr) {
    // The buffer counts the holes it gives up: they are the merged flow's losses and discontinuities.
    const PlayoutCounters& c = record.playout->counters();
    PlayoutStats& playout = input.playout;
    playout.active = true;
    playout.depth = c.depth.read();
    playout.depth_max = c.depth_max.read();
    playout.late_filled = c.late_filled.read();
    playout.released_after_timeout = c.released_after_timeout.read();
    playout.gaps = c.gaps.read();
    playout.wait_max_ns = c.wait_max_cycles.read() * 1'000'000'000 / std::max<std::uint64_t>(rte_get_tsc_hz(), 1);
    playout.capacity = record.playout->capacity();
    input.lost += c.lost.read();
    input.sequence_errors += c.gaps.read();
  }
  if (input.legs.size() == 1) {
    // The worker keeps no separate counters for a single leg: it is the input.
    input.legs[0].packets = input.packets;
    input.legs[0].bytes = input.bytes;
    input.legs[0].lost = input.lost;
    return input;
  }
  for (std::size_t leg = 0; leg < input.legs.size(); ++leg) {
    LegStats& stats = input.legs[leg];
    stats.packets = r.legs[leg].packets.read();
    stats.bytes = r.legs[leg].bytes.read();
    stats.lost = r.legs[leg].lost.read();
    stats.duplicates = r.legs[leg].duplicates.read();
    stats.recovered = stats.lost > input.lost ? stats.lost - input.lost : 0;
  }
  return input;
}

OutputStats output_stats(const std::string& id, const OutputRecord& record,
                         std::span<const std::unique_ptr<WorkerState>> workers) {
  OutputStats output;
  output.id = id;
  if (record.config.worker >= workers.size()) return output;
  const OutputRuntime& r = workers[record.config.worker]->outputs[record.slot];
  if (!r.in_use || r.generation != record.generation) return output;
  output.packets = r.packets.read();
  output.bytes = r.bytes.read();
  output.frames = r.frames.read();
  output.switches = r.switches.read();
  output.pacing.late = r.pace_late.read();
  output.pacing.overruns = r.pace_overruns.read();
  output.pacing.unaligned = r.pace_unaligned.read();
  output.pacing.queue_depth = r.pace_depth.load(std::memory_order_relaxed);
  output.pacing.queue_depth_max = r.pace_depth_max.read();
  output.pacing.queue_capacity = record.pace_slots != nullptr ? record.pace_slots->capacity() : 0;
  // The worker's TSC rate as DPDK rounds it: a few hundred ppm off, nothing to a latency.
  const double cycles_per_ns = static_cast<double>(rte_get_tsc_hz()) / 1e9;
  output.pacing.held_packets = r.hold_time.count();
  output.pacing.hold_ns_median = r.hold_time.quantile_cycles(0.5) / cycles_per_ns;
  output.pacing.hold_ns_p99 = r.hold_time.quantile_cycles(0.99) / cycles_per_ns;
  r.drops.accumulate(output.drops);
  return output;
}

ThreadStats thread_stats(std::string name, const OffCoreMeter& meter) {
  return ThreadStats{std::move(name), meter.off_core_ns(), meter.stalls(), meter.stall_max_ns()};
}

}  // namespace

EngineStats aggregate_stats(std::span<const PortConfig> ports, std::span<const OpenPort> open_ports,
                            std::span<const std::unique_ptr<WorkerState>> workers, const InputRecords& inputs,
                            const OutputRecords& outputs, const IgmpMembership& membership) {
  EngineStats stats;
  for (std::size_t p = 0; p < ports.size(); ++p) stats.ports.push_back(port_stats(p, ports, open_ports, workers, membership));
  for (const auto& [id, record] : inputs) stats.inputs.push_back(input_stats(id, record, workers));
  for (const auto& [id, record] : outputs) stats.outputs.push_back(output_stats(id, record, workers));
  for (std::size_t w = 0; w < workers.size(); ++w) stats.threads.push_back(thread_stats("worker " + std::to_string(w), workers[w]->off_core));
  for (const OpenPort& port : open_ports) {
    if (port.replay != nullptr) stats.threads.push_back(thread_stats("replay " + port.name, port.replay->off_core()));
  }
  return stats;
}

}  // namespace crosspoint::engine
