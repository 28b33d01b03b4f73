#include "metrics/daemon_metrics.hpp"

#include "crosspoint/nmos/web_endpoints.hpp"
#include "metrics/engine_metrics.hpp"
#include "metrics/nmos_metrics.hpp"
#include "metrics/ptp_metrics.hpp"

namespace crosspoint::app {

std::string render_metrics(const MetricSources& sources) {
  PrometheusExposition out;
  if (sources.engine) {
    const engine::EngineStats stats = sources.engine->stats();
    std::vector<engine::RouteState> routes;
    for (const auto& output : stats.outputs)
      if (auto state = sources.engine->route_state(output.id)) routes.push_back(std::move(*state));
    add_engine_metrics(out, stats, routes);
    add_mbuf_metrics(out, sources.engine->mbufs_in_use());
  }
  if (sources.ptp) add_ptp_metrics(out, sources.ptp->status());
  if (sources.node) {
    add_registration_metrics(out, sources.node->registration_status());
    add_http_metrics(out, nmos::WebEndpoints::http_traffic(*sources.node));
  }
  if (sources.registry) add_registry_metrics(out, sources.registry->resource_counts());
  return out.text();
}

std::string serve_metrics(nmos::NodeService& node, MetricSources sources) {
  nmos::WebEndpoints::serve(node, "/metrics", [sources] {
    return nmos::WebContent{PrometheusExposition::kContentType, render_metrics(sources)};
  });
  return node.base_url() + "/metrics";
}

}  // namespace crosspoint::app
