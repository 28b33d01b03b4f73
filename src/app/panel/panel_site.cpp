#include "panel/panel_site.hpp"

#include <map>

#include "panel/panel_assets.hpp"

namespace crosspoint::app {

namespace {

std::string content_type_of(const std::string& name) {
  static const std::map<std::string, std::string> by_extension = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"}};
  const auto dot = name.rfind('.');
  const auto found = dot == std::string::npos ? by_extension.end() : by_extension.find(name.substr(dot));
  return found == by_extension.end() ? "application/octet-stream" : found->second;
}

nmos::WebContentSource asset(const std::string& name, const std::string& body) {
  return [type = content_type_of(name), &body] { return nmos::WebContent{type, body}; };
}

}  // namespace

PanelSite serve_panel(nmos::NodeService& node, const PanelSources& sources) {
  const auto& assets = panel_assets();
  nmos::WebEndpoints::serve(node, "/", asset("index.html", assets.at("index.html")));
  for (const auto& [name, body] : assets) nmos::WebEndpoints::serve(node, "/panel/" + name, asset(name, body));
  auto broadcast = nmos::WebEndpoints::broadcast(node, "/x-crosspoint/v1/panel/feed");
  return PanelSite{node.base_url() + "/", std::make_unique<PanelFeed>(std::move(broadcast), sources)};
}

}  // namespace crosspoint::app
