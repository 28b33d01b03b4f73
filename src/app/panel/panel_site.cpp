#include "panel/panel_site.hpp"

#include "panel/panel_assets.hpp"

namespace crosspoint::app {

namespace {

nmos::WebContentSource asset(const PanelAsset& file) {
  return [file] { return nmos::WebContent{file.content_type, file.body}; };
}

}  // namespace

PanelSite serve_panel(nmos::NodeService& node, const PanelSources& sources) {
  const auto& assets = panel_assets();
  nmos::WebEndpoints::serve(node, "/", asset(assets.at("index.html")));
  for (const auto& [name, file] : assets) nmos::WebEndpoints::serve(node, "/panel/" + name, asset(file));
  auto broadcast = nmos::WebEndpoints::broadcast(node, "/x-crosspoint/v1/panel/feed");
  return PanelSite{node.base_url() + "/", std::make_unique<PanelFeed>(std::move(broadcast), sources)};
}

}  // namespace crosspoint::app
