#include "metrics/ptp_metrics.hpp"

#include <string>

namespace crosspoint::app {

namespace {

constexpr ptp::PortState kPortStates[] = {
    ptp::PortState::kInitializing, ptp::PortState::kFaulty,  ptp::PortState::kDisabled,
    ptp::PortState::kListening,    ptp::PortState::kPreMaster, ptp::PortState::kMaster,
    ptp::PortState::kPassive,      ptp::PortState::kUncalibrated, ptp::PortState::kSlave};

std::uint64_t flag(bool value) { return value ? 1 : 0; }

}  // namespace

void add_ptp_metrics(PrometheusExposition& out, const ptp::ClockStatus& status) {
  out.family("crosspoint_ptp_info", MetricType::kGauge, "Identities of the clock and its grandmaster (value 1)")
      .sample({{"clock_identity", status.clock_identity.to_string()},
               {"grandmaster_identity", status.grandmaster_identity.to_string()}},
              std::uint64_t{1});
  auto& state = out.family("crosspoint_ptp_port_state", MetricType::kGauge, "1 for the port's current state (IEEE 1588 9.2.5)");
  for (const ptp::PortState each : kPortStates)
    state.sample({{"state", std::string(ptp::to_string(each))}}, flag(each == status.port_state));
  out.family("crosspoint_ptp_locked", MetricType::kGauge, "1 while the servo is locked").sample({}, flag(status.locked));
  out.family("crosspoint_ptp_holdover", MetricType::kGauge,
             "1 while the clock, having lost its master, runs on its last rate until it locks again")
      .sample({}, flag(status.holdover));
  out.family("crosspoint_ptp_holdovers_total", MetricType::kCounter, "Times the clock went into holdover")
      .sample({}, status.holdovers);
  out.family("crosspoint_ptp_time_traceable", MetricType::kGauge, "1 while the grandmaster says its time is traceable")
      .sample({}, flag(status.time_properties.time_traceable));
  out.family("crosspoint_ptp_offset_from_master_seconds", MetricType::kGauge, "Offset from the master")
      .sample({}, static_cast<double>(status.offset_from_master_ns) * 1e-9);
  out.family("crosspoint_ptp_mean_path_delay_seconds", MetricType::kGauge, "Mean path delay to the master")
      .sample({}, static_cast<double>(status.mean_path_delay_ns) * 1e-9);
  out.family("crosspoint_ptp_frequency_adjustment_ratio", MetricType::kGauge, "Frequency adjustment of the servo")
      .sample({}, status.frequency_ppb * 1e-9);
  out.family("crosspoint_ptp_steps_removed", MetricType::kGauge, "Boundary clocks between this clock and the grandmaster")
      .sample({}, std::uint64_t{status.steps_removed});
  out.family("crosspoint_ptp_port_state_changes_total", MetricType::kCounter, "Port state changes")
      .sample({}, status.port_state_changes);
  out.family("crosspoint_ptp_messages_dropped_total", MetricType::kCounter, "PTP messages dropped (malformed or unexpected)")
      .sample({}, status.messages_dropped);
}

}  // namespace crosspoint::app
