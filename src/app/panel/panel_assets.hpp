// The panel's files, compiled in (src/app/panel/assets, by embed_panel_assets.py): name -> content.
#pragma once

#include <map>
#include <string>

namespace crosspoint::app {

struct PanelAsset {
  const char* content_type;
  const char* body;
};

const std::map<std::string, PanelAsset>& panel_assets();

}  // namespace crosspoint::app
