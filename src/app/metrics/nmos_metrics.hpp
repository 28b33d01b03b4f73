// The NMOS side as Prometheus metrics: registration health, the embedded registry's resources, and the
// HTTP server's requests and responses by status.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "crosspoint/nmos/registration.hpp"
#include "crosspoint/nmos/web_endpoints.hpp"
#include "metrics/prometheus_exposition.hpp"

namespace crosspoint::app {

void add_registration_metrics(PrometheusExposition& out, const nmos::RegistrationStatus& status);
void add_registry_metrics(PrometheusExposition& out, const std::map<std::string, std::size_t>& resource_counts);
void add_http_metrics(PrometheusExposition& out, const nmos::HttpTraffic& traffic);

}  // namespace crosspoint::app
