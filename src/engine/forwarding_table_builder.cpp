#include "forwarding_table_builder.hpp"

#include <algorithm>

#include <rte_cycles.h>

namespace crosspoint::engine {

FlowKey flow_key(const InputRecord& record, std::size_t leg) {
  const InputLeg& l = record.config.legs[leg];
  return FlowKey{record.leg_ports[leg], l.udp_port, l.destination.value, l.source ? l.source->value : 0};
}

bool needs_arp(const OutputLeg& leg) { return !leg.destination.is_multicast() && !leg.destination_mac; }

namespace {

OutputLegEntry leg_entry(const OutputRecord& record, std::size_t leg, std::span<const PortConfig> ports,
                         std::span<const st2110::MacAddress> port_macs, const NeighbourCache& neighbours) {
  const OutputLeg& l = record.config.legs[leg];
  const std::uint16_t port = record.leg_ports[leg];
  const std::optional<st2110::MacAddress> resolved = needs_arp(l) ? neighbours.mac_of(port, l.destination) : std::nullopt;
  OutputHeaderFields fields;
  fields.source_mac = port_macs[port];
  fields.destination_mac = l.destination.is_multicast() ? st2110::MacAddress::for_ipv4_multicast(l.destination.value)
                                                        : l.destination_mac.value_or(resolved.value_or(st2110::MacAddress{}));
  fields.source = l.source.value_or(ports[port].ipv4);
  fields.destination = l.destination;
  fields.source_port = l.source_port;
  fields.destination_port = l.destination_port;
  fields.dscp = record.config.dscp;
  fields.ttl = record.config.ttl;
  return OutputLegEntry{port, OutputHeader(fields), !needs_arp(l) || resolved.has_value()};
}

}  // namespace

namespace {

void add_input_entry(ForwardingTable& table, const InputRecord& record) {
  InputEntry& entry = table.inputs[record.slot];
  entry.active = true;
  entry.generation = record.generation;
  entry.worker = static_cast<std::uint16_t>(record.worker);
  entry.media = record.config.media;
  entry.leg_count = static_cast<std::uint8_t>(record.config.legs.size());
  entry.merge_window = record.config.merge_window_packets;
  entry.playout = record.playout.get();
  // The TSC rate is known once the EAL runs: the engine publishes again when it starts.
  entry.playout_wait_cycles = std::uint64_t{record.config.max_skew_us} * rte_get_tsc_hz() / 1'000'000;
  for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
    table.flows.insert(flow_key(record, leg), FlowTarget{record.slot, static_cast<std::uint8_t>(leg), record.config.media});
  }
}

}  // namespace

std::unique_ptr<ForwardingTable> build_forwarding_table(std::uint64_t version, const InputRecords& inputs,
                                                        std::span<const InputRecord> retiring, const OutputRecords& outputs,
                                                        std::span<const PortConfig> ports,
                                                        std::span<const st2110::MacAddress> port_macs,
                                                        const NeighbourCache& neighbours) {
  auto table = std::make_unique<ForwardingTable>();
  table->version = version;
  for (const auto& [id, record] : inputs) add_input_entry(*table, record);
  for (const InputRecord& record : retiring) add_input_entry(*table, record);
  for (const auto& [id, record] : outputs) {
    OutputEntry& entry = table->outputs[record.slot];
    entry.active = true;
    entry.generation = record.generation;
    entry.worker = static_cast<std::uint16_t>(record.config.worker);
    entry.media = record.config.media;
    entry.payload_type = record.config.payload_type;
    entry.ssrc = record.config.ssrc;
    entry.enabled = record.config.enabled;
    entry.transport_version = record.transport_version;
    entry.leg_count = static_cast<std::uint8_t>(record.config.legs.size());
    for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
      entry.legs[leg] = leg_entry(record, leg, ports, port_macs, neighbours);
    }
    for (const ArmedSwitch& armed : record.armed) entry.armed[entry.armed_count++] = armed.request;
    entry.settled = record.settled;
    entry.pacing = record.config.pacing;
    entry.pace_slots = record.pace_slots.get();
  }
  return table;
}

std::vector<Neighbour> unresolved_destinations(const OutputRecords& outputs) {
  std::vector<Neighbour> wanted;
  for (const auto& [id, record] : outputs) {
    for (std::size_t leg = 0; leg < record.config.legs.size() && leg < record.leg_ports.size(); ++leg) {
      const OutputLeg& l = record.config.legs[leg];
      const Neighbour n{record.leg_ports[leg], l.destination};
      if (needs_arp(l) && std::find(wanted.begin(), wanted.end(), n) == wanted.end()) wanted.push_back(n);
    }
  }
  return wanted;
}

}  // namespace crosspoint::engine
