#include "metrics/engine_metrics.hpp"

#include <string>

namespace crosspoint::app {

namespace {

using engine::DropCounts;
using engine::DropReason;

void add_drops(MetricFamily& family, const MetricLabels& owner, const DropCounts& drops) {
  for (std::size_t i = 0; i < drops.size(); ++i) {
    MetricLabels labels = owner;
    labels.emplace_back("reason", engine::to_string(static_cast<DropReason>(i)));
    family.sample(labels, drops[i]);
  }
}

// One counter family per member of a stats struct: its name, help and where its value is.
template <typename Stats>
struct CounterOf {
  std::string_view name;
  std::string_view help;
  std::uint64_t Stats::*value;
};

template <typename Stats, std::size_t N>
void add_counters(PrometheusExposition& out, const CounterOf<Stats> (&counters)[N], const MetricLabels& labels,
                  const Stats& stats) {
  for (const auto& counter : counters) out.family(counter.name, MetricType::kCounter, counter.help).sample(labels, stats.*counter.value);
}

constexpr CounterOf<engine::PortStats> kPortCounters[] = {
    {"crosspoint_port_received_packets_total", "Packets the engine polled from the port", &engine::PortStats::rx_packets},
    {"crosspoint_port_received_bytes_total", "Bytes of the packets polled from the port", &engine::PortStats::rx_bytes},
    {"crosspoint_port_transmitted_packets_total", "Packets the transmit queue accepted", &engine::PortStats::tx_packets},
    {"crosspoint_port_transmitted_bytes_total", "Bytes of the packets the transmit queue accepted", &engine::PortStats::tx_bytes},
    {"crosspoint_port_arp_replies_total", "ARP replies sent", &engine::PortStats::arp_replies},
    {"crosspoint_port_igmp_reports_total", "IGMP joins, leaves and query answers sent", &engine::PortStats::igmp_reports},
    {"crosspoint_port_igmp_queries_total", "IGMP membership queries heard", &engine::PortStats::igmp_queries},
    {"crosspoint_port_igmp_reports_unsent_total", "IGMP reports the control plane could not queue", &engine::PortStats::igmp_reports_unsent},
    {"crosspoint_port_device_rx_missed_packets_total", "Packets the device dropped before the engine polled", &engine::PortStats::device_rx_missed},
    {"crosspoint_port_device_tx_errors_total", "Transmit errors the device reported", &engine::PortStats::device_tx_errors},
    {"crosspoint_port_link_downs_total", "Times the port's link was seen to go down", &engine::PortStats::link_downs},
};

constexpr CounterOf<engine::InputStats> kInputCounters[] = {
    {"crosspoint_input_packets_total", "Packets of the input after the ST 2022-7 merge", &engine::InputStats::packets},
    {"crosspoint_input_bytes_total", "Bytes of the input after the ST 2022-7 merge", &engine::InputStats::bytes},
    {"crosspoint_input_frames_total", "Packets with the RTP marker bit", &engine::InputStats::frames},
    {"crosspoint_input_sequence_errors_total", "Discontinuities in the merged RTP sequence", &engine::InputStats::sequence_errors},
    {"crosspoint_input_lost_packets_total", "Packets missing from the merged flow (lost on every leg)", &engine::InputStats::lost},
};

constexpr CounterOf<engine::LegStats> kLegCounters[] = {
    {"crosspoint_input_leg_packets_total", "Packets received on the leg", &engine::LegStats::packets},
    {"crosspoint_input_leg_bytes_total", "Bytes received on the leg", &engine::LegStats::bytes},
    {"crosspoint_input_leg_lost_packets_total", "Gaps in the leg's own sequence", &engine::LegStats::lost},
    {"crosspoint_input_leg_duplicate_packets_total", "Packets that came after the other leg's copy", &engine::LegStats::duplicates},
    {"crosspoint_input_leg_recovered_packets_total", "Packets lost on the leg and delivered by the other (ST 2022-7)", &engine::LegStats::recovered},
};

constexpr CounterOf<engine::PlayoutStats> kPlayoutCounters[] = {
    {"crosspoint_input_playout_late_filled_packets_total",
     "Packets the slower ST 2022-7 leg filled in place, released in sequence order", &engine::PlayoutStats::late_filled},
    {"crosspoint_input_playout_timeout_released_packets_total",
     "Packets released after waiting max_skew, a hole before them given up", &engine::PlayoutStats::released_after_timeout},
    {"crosspoint_input_playout_gaps_total", "Holes the playout buffer gave up (no leg carried them in time)",
     &engine::PlayoutStats::gaps},
};

// The skew-equalising playout buffer of a two-leg input with a max_skew.
void add_playout(PrometheusExposition& out, const MetricLabels& labels, const engine::PlayoutStats& playout) {
  add_counters(out, kPlayoutCounters, labels, playout);
  out.family("crosspoint_input_playout_depth_packets", MetricType::kGauge, "Packets the playout buffer holds now")
      .sample(labels, playout.depth);
  out.family("crosspoint_input_playout_depth_max_packets", MetricType::kGauge, "The most packets the playout buffer held at once")
      .sample(labels, playout.depth_max);
  out.family("crosspoint_input_playout_wait_max_seconds", MetricType::kGauge,
             "The longest a packet waited in the playout buffer: the latency it added")
      .sample(labels, static_cast<double>(playout.wait_max_ns) * 1e-9);
}

constexpr CounterOf<engine::OutputStats> kOutputCounters[] = {
    {"crosspoint_output_packets_total", "Packets handed to the transmit queues, summed over legs", &engine::OutputStats::packets},
    {"crosspoint_output_bytes_total", "Bytes handed to the transmit queues, summed over legs", &engine::OutputStats::bytes},
    {"crosspoint_output_frames_total", "Frames sent", &engine::OutputStats::frames},
    {"crosspoint_output_route_landings_total", "Route changes that landed on the output", &engine::OutputStats::switches},
};

constexpr CounterOf<engine::PacingStats> kPacingCounters[] = {
    {"crosspoint_output_pacing_late_packets_total", "Packets routed after their time in the ST 2110-21 schedule (sent at once)",
     &engine::PacingStats::late},
    {"crosspoint_output_pacing_overrun_packets_total", "Packets sent early because the output's pace queue was full",
     &engine::PacingStats::overruns},
    {"crosspoint_output_pacing_unaligned_total", "Frames (audio: packets) whose RTP time lay far from PTP time",
     &engine::PacingStats::unaligned},
};

// The control-plane tap's counts of an input or an output (`owner`), named after it.
void add_tap(PrometheusExposition& out, std::string_view owner, const MetricLabels& labels, const engine::TapStats& tap) {
  const std::string prefix = "crosspoint_" + std::string(owner) + "_tap_";
  out.family(prefix + "copied_packets_total", MetricType::kCounter, "Packets copied to the control plane's tap")
      .sample(labels, tap.packets);
  out.family(prefix + "units_total", MetricType::kCounter, "Frames (audio: periods) the tap began to copy")
      .sample(labels, tap.units);
  out.family(prefix + "dropped_packets_total", MetricType::kCounter,
             "Packets the tap could not copy (its pool or ring full; forwarded all the same)")
      .sample(labels, tap.dropped);
}

MetricFamily& drops_family(PrometheusExposition& out, std::string_view owner) {
  return out.family("crosspoint_" + std::string(owner) + "_dropped_packets_total", MetricType::kCounter,
                    "Packets dropped, by reason");
}

void add_ports(PrometheusExposition& out, const std::vector<engine::PortStats>& ports) {
  for (const auto& port : ports) {
    const MetricLabels labels{{"port", port.name}};
    add_counters(out, kPortCounters, labels, port);
    out.family("crosspoint_port_link_up", MetricType::kGauge, "1 while the port's link is up (polled every 100 ms)")
        .sample(labels, std::uint64_t{port.link_up ? 1U : 0U});
    add_drops(drops_family(out, "port"), labels, port.drops);
  }
}

void add_inputs(PrometheusExposition& out, const std::vector<engine::InputStats>& inputs) {
  for (const auto& input : inputs) {
    const MetricLabels labels{{"input", input.id}};
    add_counters(out, kInputCounters, labels, input);
    add_drops(drops_family(out, "input"), labels, input.drops);
    add_tap(out, "input", labels, input.tap);
    if (input.playout.active) add_playout(out, labels, input.playout);
    for (std::size_t leg = 0; leg < input.legs.size(); ++leg) {
      add_counters(out, kLegCounters, {{"input", input.id}, {"leg", std::to_string(leg)}, {"port", input.legs[leg].port}},
                   input.legs[leg]);
    }
  }
}

void add_outputs(PrometheusExposition& out, const std::vector<engine::OutputStats>& outputs) {
  for (const auto& output : outputs) {
    const MetricLabels labels{{"output", output.id}};
    add_counters(out, kOutputCounters, labels, output);
    add_drops(drops_family(out, "output"), labels, output.drops);
    add_tap(out, "output", labels, output.tap);
    add_counters(out, kPacingCounters, labels, output.pacing);
    out.family("crosspoint_output_pacing_queue_depth_packets", MetricType::kGauge, "Packets the pace queue holds now")
        .sample(labels, output.pacing.queue_depth);
    out.family("crosspoint_output_pacing_queue_depth_max_packets", MetricType::kGauge, "The most packets the pace queue held at once")
        .sample(labels, output.pacing.queue_depth_max);
  }
}

void add_routes(PrometheusExposition& out, const std::vector<engine::RouteState>& routes) {
  for (const auto& route : routes) {
    const MetricLabels labels{{"output", route.output}};
    out.family("crosspoint_output_route_armed", MetricType::kGauge, "1 while a route change is armed and not yet landed")
        .sample(labels, std::uint64_t{route.armed ? 1u : 0u});
    if (route.current_input) {
      out.family("crosspoint_output_route_input", MetricType::kGauge, "1 for the input the output sends now")
          .sample({{"output", route.output}, {"input", *route.current_input}}, std::uint64_t{1});
    }
    if (route.last_landed) {
      const PtpTime at = route.last_landed->landed_at;
      out.family("crosspoint_output_route_last_landing_timestamp_seconds", MetricType::kGauge,
                 "PTP time (TAI seconds since the PTP epoch) at which the last route change landed")
          .sample(labels, static_cast<double>(at.seconds) + at.nanoseconds * 1e-9);
    }
  }
}

// Off-core time and stalls of the workers and replay threads: on a shared core a real-time thread loses its
// core for tens of milliseconds at once, and its packets go out that late (README "Real-time threads").
void add_threads(PrometheusExposition& out, const std::vector<engine::ThreadStats>& threads) {
  for (const auto& thread : threads) {
    const MetricLabels labels{{"thread", thread.name}};
    out.family("crosspoint_engine_thread_off_core_seconds_total", MetricType::kCounter,
               "Time the thread wanted its core and the kernel ran other work there")
        .sample(labels, static_cast<double>(thread.off_core_ns) * 1e-9);
    out.family("crosspoint_engine_thread_stalls_total", MetricType::kCounter,
               "Times the thread lost its core for more than a millisecond at once")
        .sample(labels, thread.stalls);
    out.family("crosspoint_engine_thread_stall_max_seconds", MetricType::kGauge, "The longest the thread lost its core at once")
        .sample(labels, static_cast<double>(thread.stall_max_ns) * 1e-9);
  }
}

}  // namespace

void add_engine_metrics(PrometheusExposition& out, const engine::EngineStats& stats,
                        const std::vector<engine::RouteState>& routes) {
  add_ports(out, stats.ports);
  add_inputs(out, stats.inputs);
  add_outputs(out, stats.outputs);
  add_routes(out, routes);
  add_threads(out, stats.threads);
  out.family("crosspoint_engine_tap_buffers_in_use", MetricType::kGauge,
             "Tap copies the control plane has not read yet")
      .sample({}, stats.tap_buffers_in_use);
}

void add_mbuf_metrics(PrometheusExposition& out, std::uint64_t mbufs_in_use) {
  out.family("crosspoint_engine_mbufs_in_use", MetricType::kGauge,
             "Mbufs taken from the engine's mempools (in flight, cached per lcore, held by replays)")
      .sample({}, mbufs_in_use);
}

}  // namespace crosspoint::app
