// The captures the embedded default replays that are too large to keep in captures/: written at start
// into the run folder by the test-signal generator (src/signal), each with its SDP.
#pragma once

#include <filesystem>
#include <string>

#include "crosspoint/expected.hpp"

namespace crosspoint::app {

struct DefaultCapturesWritten {
  unsigned flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  double seconds = 0.0;
};

// Writes into `run_dir` one capture, sources.pcap, 160 ms of camera-1, camera-2 (1080p25 bars and
// checker), camera-3 (720p50 zone plate), remote-1 (a 320x180p50 ramp on two ST 2022-7 legs that lose
// different packets), remote-2 (as remote-1 with a checker board, taken by no input at start), audio-1
// (stereo L24 tones) and anc-1 (timecode and captions at 50 Hz), and an SDP for each flow (camera-1.sdp, ...).
Expected<DefaultCapturesWritten, std::string> write_default_captures(const std::filesystem::path& run_dir);
std::filesystem::path default_sources_capture(const std::filesystem::path& run_dir);

}  // namespace crosspoint::app
