// The daemon's JSON config as `crosspoint --config FILE` reads it: text that is not JSON and a document
// with a bad key both end in a ConfigError naming the cause; any other exception (a JSON type error slipping
// through, say) would escape to std::terminate in the daemon and is a crash here. Relative SDP paths resolve
// against captures/, so seeds can name the committed SDP files.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "config_node.hpp"
#include "daemon_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json document = nlohmann::json::parse(data, data + size, nullptr, false);
  if (document.is_discarded()) return 0;
  try {
    (void)crosspoint::app::parse_daemon_config(document, std::filesystem::path(CROSSPOINT_CAPTURES_DIR));
  } catch (const crosspoint::app::ConfigError&) {
  }
  return 0;
}
