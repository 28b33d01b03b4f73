#include "default_config.hpp"

#include <cstdlib>

namespace crosspoint::app {

std::string default_config_text() {
  // A replayed 720p50 capture feeds one input; one output takes it, rewritten, and is dropped by net_null.
  // PTP runs on loopback, alone, so it is its own free-running grandmaster.
  return R"json({
  "eal": { "cores": "0-1", "memory_mb": 512, "no_huge": true, "no_pci": true },
  "workers": { "burst_size": 32, "idle_sleep_us": 50 },
  "ports": [
    { "name": "replay", "device": "replay:replay0,file={config_dir}/video_720p50_8bit.pcap,paced,loop", "ipv4": "192.0.2.10" },
    { "name": "out", "device": "net_null0", "ipv4": "192.0.2.11" }
  ],
  "inputs": [
    { "id": "camera-1", "label": "Camera 1 (replayed capture)", "sdp": "{config_dir}/video_720p50_8bit.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.0.1", "udp_port": 5004 } ] }
  ],
  "outputs": [
    { "id": "program", "label": "Program", "sdp": "{config_dir}/video_720p50_8bit.sdp", "ssrc": 305419896,
      "legs": [ { "port": "out", "destination": "239.200.0.1", "destination_port": 5004 } ] }
  ],
  "routes": { "program": "camera-1" },
  "ptp": { "enabled": true, "interface": "lo" },
  "nmos": { "address": "127.0.0.1", "port": 8080, "embedded_registry": true }
})json";
}

std::filesystem::path default_config_dir() {
  if (const char* dir = std::getenv("CROSSPOINT_CAPTURES")) return dir;
  return CROSSPOINT_CAPTURES_DIR;
}

}  // namespace crosspoint::app
