#include "default_config.hpp"

#include <cstdlib>

namespace crosspoint::app {

std::string default_config_text() {
  // Five video inputs with different pictures, an audio and an ANC input, replayed in a loop: two 1080p25
  // and one 720p50 camera (generated at start into the run folder's sources.pcap with the audio, ANC and
  // 2022-7 flows, one replay thread for all; each frame sent as one burst so the thread sleeps between
  // frames), a 320x180p50 ST 2022-7 pair whose legs
  // lose different packets (its merge window is shorter than the capture, so each loop's jump back in
  // sequence numbers reads as a restart: the merge drops 7 packets then starts again), and a committed
  // 320x180p50 capture. Every output has the format of the inputs
  // it can take. The full-size outputs are dropped by net_null (a 1080p25 output is 1.3 Gb/s); the small
  // video, audio and ANC outputs are recorded, bounded, by net_pcap into the run folder. net_null's own
  // receive side would hand the worker endless dummy packets, hence no-rx. PTP runs on
  // loopback, alone, so it is its own free-running grandmaster. The worker and the replay threads run
  // SCHED_FIFO where the daemon may (both sleep when idle): the paced outputs then keep their schedule on a
  // loaded machine, where a thread left unscheduled for tens of milliseconds makes every packet late.
  return R"json({
  "eal": { "cores": "0-1", "memory_mb": 512, "no_huge": true, "no_pci": true },
  "workers": { "burst_size": 32, "idle_sleep_us": 50, "realtime_priority": 1 },
  "ports": [
    { "name": "replay", "device": "replay:replay_sources,file={run_dir}/sources.pcap,paced,loop,restamp,rt", "ipv4": "192.0.2.10" },
    { "name": "replay-proxy", "device": "replay:replay_proxy,file={config_dir}/video_320x180p50.pcap,paced,loop,restamp,rt", "ipv4": "192.0.2.14" },
    { "name": "out", "device": "net_null0,no-rx=1", "ipv4": "192.0.2.20" },
    { "name": "record", "device": "net_pcap_record,tx_pcap={run_dir}/recording.pcap", "ipv4": "192.0.2.21" }
  ],
  "inputs": [
    { "id": "camera-1", "label": "Camera 1 (1080p25 bars)", "sdp": "{run_dir}/camera-1.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.1.1", "udp_port": 5004 } ] },
    { "id": "camera-2", "label": "Camera 2 (1080p25 checker)", "sdp": "{run_dir}/camera-2.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.2.1", "udp_port": 5004 } ] },
    { "id": "camera-3", "label": "Camera 3 (720p50 zone plate)", "sdp": "{run_dir}/camera-3.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.3.1", "udp_port": 5004 } ] },
    { "id": "remote-1", "label": "Remote 1 (320x180p50 ramp, ST 2022-7)", "sdp": "{run_dir}/remote-1.sdp",
      "merge_window_packets": 512,
      "legs": [ { "port": "replay", "destination": "239.100.4.1", "udp_port": 5004 },
                { "port": "replay", "destination": "239.101.4.1", "udp_port": 5004 } ] },
    { "id": "proxy-1", "label": "Proxy 1 (320x180p50 bars)", "sdp": "{config_dir}/video_320x180p50.sdp",
      "legs": [ { "port": "replay-proxy", "destination": "239.100.0.1", "udp_port": 5004 } ] },
    { "id": "audio-1", "label": "Audio 1 (stereo tones)", "sdp": "{run_dir}/audio-1.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.5.1", "udp_port": 5004 } ] },
    { "id": "anc-1", "label": "ANC 1 (timecode and captions)", "sdp": "{run_dir}/anc-1.sdp",
      "legs": [ { "port": "replay", "destination": "239.100.6.1", "udp_port": 5004 } ] }
  ],
  "outputs": [
    { "id": "program", "label": "Program (1080p25)", "sdp": "{run_dir}/camera-1.sdp", "ssrc": 1001,
      "legs": [ { "port": "out", "destination": "239.200.1.1", "destination_port": 5004 } ] },
    { "id": "preview", "label": "Preview (1080p25)", "sdp": "{run_dir}/camera-1.sdp", "ssrc": 1002,
      "legs": [ { "port": "out", "destination": "239.200.2.1", "destination_port": 5004 } ] },
    { "id": "aux", "label": "Aux (720p50)", "sdp": "{run_dir}/camera-3.sdp", "ssrc": 1003,
      "legs": [ { "port": "out", "destination": "239.200.3.1", "destination_port": 5004 } ] },
    { "id": "monitor", "label": "Monitor (320x180p50, recorded)", "sdp": "{config_dir}/video_320x180p50.sdp", "ssrc": 1004,
      "legs": [ { "port": "record", "destination": "239.200.4.1", "destination_port": 5004 } ] },
    { "id": "audio-monitor", "label": "Audio monitor (recorded)", "sdp": "{run_dir}/audio-1.sdp", "ssrc": 1005,
      "payload_type": 97, "legs": [ { "port": "record", "destination": "239.200.5.1", "destination_port": 5004 } ] },
    { "id": "anc-monitor", "label": "ANC monitor (recorded)", "sdp": "{run_dir}/anc-1.sdp", "ssrc": 1006,
      "payload_type": 100, "legs": [ { "port": "record", "destination": "239.200.6.1", "destination_port": 5004 } ] }
  ],
  "routes": { "program": "camera-1", "preview": "camera-2", "aux": "camera-3", "monitor": "proxy-1",
              "audio-monitor": "audio-1", "anc-monitor": "anc-1" },
  "ptp": { "enabled": true, "interface": "lo" },
  "nmos": { "address": "127.0.0.1", "port": 8080, "embedded_registry": true }
})json";
}

std::string default_config_text(const std::filesystem::path& run_dir) {
  std::string text = default_config_text();
  const std::string token = "{run_dir}";
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at)) {
    text.replace(at, token.size(), run_dir.string());
  }
  return text;
}

std::filesystem::path default_config_dir() {
  if (const char* dir = std::getenv("CROSSPOINT_CAPTURES")) return dir;
  return CROSSPOINT_CAPTURES_DIR;
}

std::filesystem::path default_recording(const std::filesystem::path& run_dir) { return run_dir / "recording.pcap"; }

}  // namespace crosspoint::app
