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

MetricFamily& counter(PrometheusExposition& out, std::string_view name, std::string_view help) {
  return out.family(name, MetricType::kCounter, help);
}

void add_ports(PrometheusExposition& out, const std::vector<engine::PortStats>& ports) {
  for (const auto& port : ports) {
    const MetricLabels labels{{"port", port.name}};
    counter(out, "crosspoint_port_received_packets_total", "Packets the engine polled from the port").sample(labels, port.rx_packets);
    counter(out, "crosspoint_port_received_bytes_total", "Bytes of the packets polled from the port").sample(labels, port.rx_bytes);
    counter(out, "crosspoint_port_transmitted_packets_total", "Packets the transmit queue accepted").sample(labels, port.tx_packets);
    counter(out, "crosspoint_port_transmitted_bytes_total", "Bytes of the packets the transmit queue accepted").sample(labels, port.tx_bytes);
    counter(out, "crosspoint_port_arp_replies_total", "ARP replies sent").sample(labels, port.arp_replies);
    counter(out, "crosspoint_port_igmp_reports_total", "IGMP joins, leaves and query answers sent").sample(labels, port.igmp_reports);
    counter(out, "crosspoint_port_igmp_queries_total", "IGMP membership queries heard").sample(labels, port.igmp_queries);
    counter(out, "crosspoint_port_igmp_reports_unsent_total", "IGMP reports the control plane could not queue").sample(labels, port.igmp_reports_unsent);
    counter(out, "crosspoint_port_device_rx_missed_packets_total", "Packets the device dropped before the engine polled").sample(labels, port.device_rx_missed);
    counter(out, "crosspoint_port_device_tx_errors_total", "Transmit errors the device reported").sample(labels, port.device_tx_errors);
    add_drops(counter(out, "crosspoint_port_dropped_packets_total", "Packets dropped on the port, by reason"), labels, port.drops);
  }
}

void add_inputs(PrometheusExposition& out, const std::vector<engine::InputStats>& inputs) {
  for (const auto& input : inputs) {
    const MetricLabels labels{{"input", input.id}};
    counter(out, "crosspoint_input_packets_total", "Packets of the input after the ST 2022-7 merge").sample(labels, input.packets);
    counter(out, "crosspoint_input_bytes_total", "Bytes of the input after the ST 2022-7 merge").sample(labels, input.bytes);
    counter(out, "crosspoint_input_frames_total", "Packets with the RTP marker bit").sample(labels, input.frames);
    counter(out, "crosspoint_input_sequence_errors_total", "Discontinuities in the merged RTP sequence").sample(labels, input.sequence_errors);
    counter(out, "crosspoint_input_lost_packets_total", "Packets missing from the merged flow (lost on every leg)").sample(labels, input.lost);
    add_drops(counter(out, "crosspoint_input_dropped_packets_total", "Packets of the input dropped, by reason"), labels, input.drops);
    for (std::size_t leg = 0; leg < input.legs.size(); ++leg) {
      const auto& stats = input.legs[leg];
      const MetricLabels leg_labels{{"input", input.id}, {"leg", std::to_string(leg)}, {"port", stats.port}};
      counter(out, "crosspoint_input_leg_packets_total", "Packets received on the leg").sample(leg_labels, stats.packets);
      counter(out, "crosspoint_input_leg_bytes_total", "Bytes received on the leg").sample(leg_labels, stats.bytes);
      counter(out, "crosspoint_input_leg_lost_packets_total", "Gaps in the leg's own sequence").sample(leg_labels, stats.lost);
      counter(out, "crosspoint_input_leg_duplicate_packets_total", "Packets that came after the other leg's copy").sample(leg_labels, stats.duplicates);
      counter(out, "crosspoint_input_leg_recovered_packets_total", "Packets lost on the leg and delivered by the other (ST 2022-7)").sample(leg_labels, stats.recovered);
    }
  }
}

void add_outputs(PrometheusExposition& out, const std::vector<engine::OutputStats>& outputs) {
  for (const auto& output : outputs) {
    const MetricLabels labels{{"output", output.id}};
    counter(out, "crosspoint_output_packets_total", "Packets handed to the transmit queues, summed over legs").sample(labels, output.packets);
    counter(out, "crosspoint_output_bytes_total", "Bytes handed to the transmit queues, summed over legs").sample(labels, output.bytes);
    counter(out, "crosspoint_output_frames_total", "Frames sent").sample(labels, output.frames);
    counter(out, "crosspoint_output_route_landings_total", "Route changes that landed on the output").sample(labels, output.switches);
    add_drops(counter(out, "crosspoint_output_dropped_packets_total", "Packets of the output dropped, by reason"), labels, output.drops);
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

}  // namespace

void add_engine_metrics(PrometheusExposition& out, const engine::EngineStats& stats,
                        const std::vector<engine::RouteState>& routes) {
  add_ports(out, stats.ports);
  add_inputs(out, stats.inputs);
  add_outputs(out, stats.outputs);
  add_routes(out, routes);
}

}  // namespace crosspoint::app
