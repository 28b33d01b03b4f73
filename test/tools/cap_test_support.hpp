// Shared steps of the crosspoint-cap tests: a scratch folder, gen by command-line words, analyze.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "capture_analyzer.hpp"
#include "crosspoint/signal/capture_generator.hpp"
#include "gen_command.hpp"

namespace cap_test {

// A fresh folder under the build tree (or /tmp), removed when the test ends.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    const char* build = std::getenv("CROSSPOINT_BUILD_DIR");
    path_ = std::filesystem::path(build != nullptr ? build : "/tmp") / "cap-test-scratch" /
            (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct Generated {
  std::string pcap;
  std::string sdp;
  crosspoint::cap::GenerationResult result;
};

// Runs `gen` with `words` (without --out) into `dir`/`name`.pcap; fails the test on any error.
inline Generated generate(const ScratchDir& dir, const std::string& name, std::vector<std::string> words) {
  Generated out;
  out.pcap = dir.file(name + ".pcap");
  out.sdp = crosspoint::cap::sdp_path_for(out.pcap);
  words.push_back("--out");
  words.push_back(out.pcap);
  auto options = crosspoint::cap::parse_gen_options(words);
  if (!options) FAIL(options.error());
  auto flows = crosspoint::cap::flows_for(*options);
  if (!flows) FAIL(flows.error());
  auto result = crosspoint::cap::write_capture(*flows, out.pcap, out.sdp);
  if (!result) FAIL(result.error());
  out.result = *result;
  return out;
}

// A committed capture under captures/ (name may include third-party/), found from the source tree.
inline std::string committed_capture(const std::string& name) {
  const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
  return (std::filesystem::path(source != nullptr ? source : ".") / "captures" / name).string();
}

// A third-party capture: captures/third-party/, else the shared set beside the source tree; empty if neither.
inline std::string third_party_capture(const std::string& name) {
  const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
  const std::filesystem::path root = source != nullptr ? source : ".";
  for (const auto& candidate : {root / "captures" / "third-party" / name, root / ".." / "shared" / "captures" / name,
                                root / ".." / ".." / "shared" / "captures" / name}) {
    if (std::filesystem::exists(candidate)) return candidate.string();
  }
  return {};
}

inline crosspoint::cap::CaptureReport analyze(const std::string& pcap) {
  return crosspoint::cap::analyze_capture(pcap, std::nullopt);
}

// The one flow of a report whose media type is `media` (fails the test when there is not exactly one).
inline const crosspoint::cap::FlowReport& only_flow(const crosspoint::cap::CaptureReport& report,
                                                    crosspoint::cap::DetectedMedia media) {
  const crosspoint::cap::FlowReport* found = nullptr;
  for (const auto& flow : report.flows) {
    if (flow.media == media) {
      if (found != nullptr) FAIL("more than one flow of that media type");
      found = &flow;
    }
  }
  if (found == nullptr) FAIL("no flow of that media type");
  return *found;
}

}  // namespace cap_test
