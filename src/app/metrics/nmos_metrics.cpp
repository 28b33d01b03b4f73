#include "metrics/nmos_metrics.hpp"

namespace crosspoint::app {

void add_registration_metrics(PrometheusExposition& out, const nmos::RegistrationStatus& status) {
  out.family("crosspoint_nmos_registered", MetricType::kGauge, "1 while the node is registered with a registry")
      .sample({}, std::uint64_t{status.registered ? 1u : 0u});
  out.family("crosspoint_nmos_registrations_total", MetricType::kCounter, "Complete registrations of the node and its resources")
      .sample({}, status.registrations);
  out.family("crosspoint_nmos_heartbeats_total", MetricType::kCounter, "Successful heartbeats").sample({}, status.heartbeats);
  out.family("crosspoint_nmos_resource_updates_total", MetricType::kCounter, "Changed resources posted").sample({}, status.updates);
  out.family("crosspoint_nmos_registry_failovers_total", MetricType::kCounter, "Switches to another registry after a failure")
      .sample({}, status.failovers);
  out.family("crosspoint_nmos_registry_failbacks_total", MetricType::kCounter, "Returns to a preferred registry that answered again")
      .sample({}, status.failbacks);
  out.family("crosspoint_nmos_reregistrations_total", MetricType::kCounter, "Heartbeats answered 404, so everything was posted again")
      .sample({}, status.reregistrations);
}

void add_registry_metrics(PrometheusExposition& out, const std::map<std::string, std::size_t>& resource_counts) {
  auto& family = out.family("crosspoint_registry_resources", MetricType::kGauge, "Resources in the embedded registry, by IS-04 type");
  for (const auto& [type, count] : resource_counts) family.sample({{"type", type}}, std::uint64_t{count});
}

void add_http_metrics(PrometheusExposition& out, const nmos::HttpTraffic& traffic) {
  out.family("crosspoint_http_requests_total", MetricType::kCounter, "HTTP requests read").sample({}, traffic.requests);
  auto& responses = out.family("crosspoint_http_responses_total", MetricType::kCounter, "HTTP responses written, by status code");
  for (const auto& [status, count] : traffic.responses_by_status) responses.sample({{"code", std::to_string(status)}}, count);
  out.family("crosspoint_http_connections_accepted_total", MetricType::kCounter, "HTTP connections accepted")
      .sample({}, traffic.connections_accepted);
  auto& refused = out.family("crosspoint_http_refused_total", MetricType::kCounter,
                             "HTTP connections and requests refused or cut, by reason");
  for (const auto& [reason, count] : traffic.refused_by_reason) refused.sample({{"reason", reason}}, count);
  out.family("crosspoint_http_connections_open", MetricType::kGauge, "HTTP connections open").sample({}, traffic.connections_open);
  out.family("crosspoint_http_websockets_open", MetricType::kGauge, "WebSocket connections open").sample({}, traffic.websockets_open);
}

}  // namespace crosspoint::app
