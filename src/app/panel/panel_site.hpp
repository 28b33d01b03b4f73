// The control panel on the daemon's HTTP server: the page at "/", its files under "/panel/", and the live
// feed at "/x-crosspoint/v1/panel/feed" (WebSocket). The page reads only public APIs besides the feed.
#pragma once

#include <memory>
#include <string>

#include "panel/panel_feed.hpp"

namespace crosspoint::app {

struct PanelSite {
  std::string url;                  // the page
  std::unique_ptr<PanelFeed> feed;  // stop it (destroy it) before the node's server stops
};

PanelSite serve_panel(nmos::NodeService& node, const PanelSources& sources);

}  // namespace crosspoint::app
