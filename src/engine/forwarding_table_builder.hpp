// The forwarding table the workers read, built from the control plane's records: flow keys of every input
// leg, each input's and output's entry, and each output leg's headers prepared for the data path.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "engine_records.hpp"
#include "forwarding_table.hpp"
#include "neighbour_cache.hpp"

namespace crosspoint::engine {

// `port_macs[i]` is the source address of engine port i (the configured one, or the device's). `retiring`:
// inputs retargeted away from, received until the outputs that followed them have switched. `neighbours`:
// the MACs ARP resolved for unicast destinations without a configured destination_mac.
std::unique_ptr<ForwardingTable> build_forwarding_table(std::uint64_t version, const InputRecords& inputs,
                                                        std::span<const InputRecord> retiring, const OutputRecords& outputs,
                                                        std::span<const PortConfig> ports,
                                                        std::span<const st2110::MacAddress> port_macs,
                                                        const NeighbourCache& neighbours);
// A unicast destination without a configured MAC: ARP resolves it.
bool needs_arp(const OutputLeg& leg);
// The unicast destinations of `outputs` without a configured MAC: what ARP must resolve.
std::vector<Neighbour> unresolved_destinations(const OutputRecords& outputs);

// The flow key of leg `leg` of an input.
FlowKey flow_key(const InputRecord& record, std::size_t leg);

}  // namespace crosspoint::engine
