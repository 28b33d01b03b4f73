// The committed captures hold what captures/README.md says they hold.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cap_test_support.hpp"
#include "crosspoint/st2110/sdp.hpp"

using namespace crosspoint::cap;

namespace {

CaptureReport analyze_committed(const std::string& name) {
  const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
  const std::string base = std::string(source != nullptr ? source : ".") + "/captures/" + name;
  std::ifstream in(base + ".sdp");
  std::stringstream text;
  text << in.rdbuf();
  auto sdp = crosspoint::st2110::parse_sdp(text.str());
  if (!sdp) FAIL(name + ".sdp: " + sdp.error().to_string());
  CaptureReport report = analyze_capture(base + ".pcap", *sdp);
  if (!report.capture_error.empty()) FAIL(name + ".pcap: " + report.capture_error);
  return report;
}

}  // namespace

TEST_CASE("captures/video_*: frames, packets and ST 2110-21 classes as documented", "[captures]") {
  const CaptureReport progressive = analyze_committed("video_320x180p50");
  REQUIRE(progressive.flows.size() == 1);
  CHECK(progressive.flows[0].packets == 1440);
  CHECK(progressive.flows[0].frames == 8);
  CHECK(progressive.flows[0].video->timing->compliance == crosspoint::st2110::ComplianceClass::kNarrow);

  const CaptureReport interlaced = analyze_committed("video_320x180i50");
  REQUIRE(interlaced.flows.size() == 1);
  CHECK(interlaced.flows[0].video->interlaced);
  CHECK(interlaced.flows[0].video->fields == 8);
  CHECK(interlaced.flows[0].frames == 4);

  const CaptureReport burst = analyze_committed("video_320x180p50_burst");
  CHECK(burst.flows[0].video->timing->compliance == crosspoint::st2110::ComplianceClass::kNotCompliant);

  const CaptureReport hd = analyze_committed("video_720p50_8bit");
  CHECK(hd.flows[0].video->width == 1280);
  CHECK(hd.flows[0].video->depth == "8");
  CHECK(hd.flows[0].packets == 2160);
}

TEST_CASE("captures/audio, anc and programme: shapes as documented", "[captures]") {
  const CaptureReport audio = analyze_committed("audio_l24_8ch_125us");
  CHECK(audio.flows[0].packets == 1600);
  CHECK(audio.flows[0].audio->channels == 8);
  const CaptureReport anc = analyze_committed("anc_5994");
  CHECK(anc.flows[0].anc->anc_packets == 120);
  const CaptureReport programme = analyze_committed("programme_320x180p50");
  CHECK(programme.flows.size() == 3);
}

TEST_CASE("captures/*2022-7*: the merge recovers one-leg losses and reports double losses", "[captures]") {
  const CaptureReport audio = analyze_committed("audio_2022-7");
  REQUIRE(audio.dup_pairs.size() == 1);
  CHECK(audio.dup_pairs[0].recovered == 4);
  CHECK(audio.dup_pairs[0].lost_on_both == 0);
  const CaptureReport video = analyze_committed("video_320x180p50_2022-7");
  REQUIRE(video.dup_pairs.size() == 1);
  CHECK(video.dup_pairs[0].recovered == 5);
  CHECK(video.dup_pairs[0].lost_on_both == 0);
  const CaptureReport both = analyze_committed("audio_2022-7_double_loss");
  REQUIRE(both.dup_pairs.size() == 1);
  CHECK(both.dup_pairs[0].lost_on_both == 2);
  CHECK(both.dup_pairs[0].recovered == 2);
}
