// What the engine runs: EAL options, ports, workers, inputs and outputs as plain values. The daemon parses
// its JSON into these; the engine never sees JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/engine/output_pacing.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::engine {

// DPDK's Environment Abstraction Layer. The defaults need no NIC and no hugepages.
struct EalConfig {
  std::string cores = "0-1";   // -l: the first is the main (control) lcore, the rest run workers
  unsigned memory_mb = 512;    // -m
  bool no_huge = true;         // --no-huge: memory from malloc, no hugepage mount needed
  bool no_pci = true;          // --no-pci: virtual devices only
  std::string file_prefix;     // --file-prefix; empty means "crosspoint-<pid>", unique per process
  std::vector<std::string> extra_args;  // appended verbatim, e.g. {"--log-level=lib.eal:debug"}
};

// A port is a PCI device ("0000:3b:00.0"), a virtual device string ("net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap",
// "net_null0", "net_af_packet0,iface=veth1", "net_memif0", "net_ring0"), an ethdev the application already
// created by that name (e.g. with rte_eth_from_rings), or "replay:<name>,file=<pcap>[,paced][,loop]" for the
// engine's own timestamp-paced pcap replay.
struct PortConfig {
  std::string name;    // the id inputs and outputs refer to
  std::string device;
  std::optional<st2110::MacAddress> mac;  // unset: the device's own address
  st2110::Ipv4Address ipv4;              // answered in ARP, source of IGMP reports; 0.0.0.0 answers nothing
  unsigned worker = 0;                   // which worker polls this port's receive queue
  unsigned rx_descriptors = 1024;
  unsigned tx_descriptors = 1024;
};

// Data-path threads: one per worker lcore (the EAL cores after the main one).
struct WorkerConfig {
  unsigned burst_size = 32;
  // 0 busy-polls as DPDK does; a positive value sleeps that long after an empty poll (shared CI machines),
  // or less, until the next packet a paced output holds is due (sleeps end within a microsecond's slack).
  unsigned idle_sleep_us = 0;
  // 1..99 runs the workers SCHED_FIFO at that priority, so paced outputs keep their schedule on a loaded
  // machine (needs CAP_SYS_NICE; without it they run as before); 0: the default scheduler.
  unsigned realtime_priority = 0;
};

struct MempoolConfig {
  unsigned packet_mbufs = 16383;  // received packets (all ports)
  unsigned header_mbufs = 16383;  // fan-out headers and indirect payload references
  unsigned cache_size = 256;
  // Per worker: copies the control-plane tap (frame_tap.hpp) may have in flight, each 2 kB; its ring is as deep.
  unsigned tap_buffers = 8191;
};

struct EngineConfig {
  EalConfig eal;
  std::vector<PortConfig> ports;
  WorkerConfig workers;
  MempoolConfig mempools;
  // Replay ports wait for Engine::play_replays() before their first packet, so that the inputs, outputs and
  // routes a caller adds after start() see a replay from its first frame (the daemon's configured routes).
  bool hold_replays = false;
};

// One path an input arrives on: a port and the flow's destination (and, source-specific, its source).
struct InputLeg {
  std::string port;
  st2110::Ipv4Address destination;
  std::uint16_t udp_port = 5004;
  std::optional<st2110::Ipv4Address> source;  // SSM: match and join only this source
};

struct InputConfig {
  std::string id;
  st2110::MediaType media = st2110::MediaType::kVideo;  // decides where a switch may land
  std::vector<InputLeg> legs;                            // one, or two for ST 2022-7
  std::uint32_t merge_window_packets = 4096;             // 2022-7 without a playout buffer: how far back a late copy still counts
  // 2022-7 over paths of different delay: how long a packet that came ahead of a hole waits for the slower leg
  // to fill it (a playout buffer releasing in sequence order; nothing waits while the faster leg is whole).
  // 3 ms covers the paths within a facility or a metro area (1 ms is 200 km of fibre) and holds at most 3 ms of
  // packets; WAN paths need their skew, up to kMaxSkewUs. 0 (and one leg): no buffer, the first copy passes
  // at once, late copies out of order within merge_window_packets.
  std::uint32_t max_skew_us = 3000;
  // The most packets per second the flow carries: the playout buffer is sized for max_skew at this rate.
  // 0: by media, enough for any format (video 4320p59.94 4:2:2 10-bit, 4.2 Mpps; audio 125 us packets, 8000/s;
  // ancillary 8000/s).
  std::uint32_t max_packet_rate = 0;
};

// One path an output is sent on.
struct OutputLeg {
  std::string port;
  st2110::Ipv4Address destination;
  std::optional<st2110::MacAddress> destination_mac;  // multicast: derived; unicast: resolved by ARP when not set
  std::optional<st2110::Ipv4Address> source;          // unset: the port's address
  std::uint16_t source_port = 5004;
  std::uint16_t destination_port = 5004;
};

struct OutputConfig {
  std::string id;
  st2110::MediaType media = st2110::MediaType::kVideo;
  std::vector<OutputLeg> legs;  // one, or two for ST 2022-7 duplication
  std::uint32_t ssrc = 0;
  std::uint8_t payload_type = 96;
  std::uint8_t dscp = 34;       // AF41, common for media
  std::uint8_t ttl = 64;
  unsigned worker = 0;          // must be the worker of the inputs routed to it
  bool enabled = true;          // false: routed packets are not sent and the sequence pauses (IS-05 master_enable)
  OutputPacing pacing;
};

// Header mbufs the outputs' fan-out copies may hold at once. A copy is two (the headers, and a reference to
// the received payload) and waits in its output's pace queue: two for every slot of every paced output's queue
// (pace_queue_depth, which a stall can fill), and for a passthrough leg two per packet of a worker's burst.
// The daemon's header pool is at least this; a smaller pool drops copies as mempool_exhausted after a stall.
[[nodiscard]] std::uint64_t fan_out_header_mbufs(const std::vector<OutputConfig>& outputs, unsigned burst_size);

}  // namespace crosspoint::engine
