// The benchmark's input: realistic 8K 59.94p ST 2110-20 packets (4:2:2 10-bit, GPM, 1200-octet sample data,
// 1262-octet frames) laid out by the shared VideoPacketPlan, for several flows interleaved, in a pcap that
// net_pcap replays in a loop (infinite_rx). Each flow carries the first packets of a frame, cut into two
// frames of unequal length by the marker, so the frame-boundary logic runs on every loop.
#pragma once

#include <cstdint>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::bench {

// Flow f is sent to 239.50.0.(1 + f):5004 from 192.0.2.10.
st2110::Ipv4Address bench_flow_group(unsigned flow);

// Writes `packets_total` packets spread evenly over `flows` flows; returns the error text on failure.
Expected<std::uint64_t, std::string> write_8k_capture(const std::string& path, unsigned flows, unsigned packets_total);

}  // namespace crosspoint::bench
