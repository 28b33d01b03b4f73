// The PTP clock's status as Prometheus metrics: port state, lock, offset and path delay in seconds.
#pragma once

#include "crosspoint/ptp/clock_status.hpp"
#include "metrics/prometheus_exposition.hpp"

namespace crosspoint::app {

void add_ptp_metrics(PrometheusExposition& out, const ptp::ClockStatus& status);

}  // namespace crosspoint::app
