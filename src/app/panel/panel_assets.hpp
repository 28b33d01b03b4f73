// The panel's files, compiled in from src/app/panel/assets (by nmos/registry/embed_schemas.py): name -> text.
#pragma once

#include <map>
#include <string>

namespace crosspoint::app {

const std::map<std::string, std::string>& panel_assets();

}  // namespace crosspoint::app
