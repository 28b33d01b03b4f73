// gen then analyze, for every video family: what was generated is what the analyzer finds, and the
// generator's ST 2110-21 pacing is classed as it was asked for.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cap_test_support.hpp"
#include "crosspoint/st2110/sdp.hpp"

using namespace crosspoint::cap;
using cap_test::analyze;
using cap_test::generate;
using cap_test::only_flow;

namespace {

struct Expectation {
  const char* name;
  std::vector<std::string> words;
  std::uint32_t width;
  std::uint32_t height;
  bool interlaced;
  std::uint32_t frames;
  std::uint32_t packets_per_frame;
  const char* format_name;
  const char* sampling;
  const char* depth;
};

void check_video(const Expectation& e) {
  INFO(e.name);
  cap_test::ScratchDir dir(std::string("video-") + e.name);
  const auto generated = generate(dir, e.name, e.words);
  CHECK(generated.result.packets_generated == std::uint64_t{e.frames} * e.packets_per_frame);
  const CaptureReport report = analyze(generated.pcap);
  CHECK(report.capture_error.empty());
  const FlowReport& flow = only_flow(report, DetectedMedia::kVideo);
  CHECK(flow.packets == std::uint64_t{e.frames} * e.packets_per_frame);
  CHECK(flow.frames == e.frames);
  CHECK(flow.sequence.errors() == 0);
  CHECK(flow.payload_errors == 0);
  REQUIRE(flow.video);
  CHECK(flow.video->width == e.width);
  CHECK(flow.video->height == e.height);
  CHECK(flow.video->interlaced == e.interlaced);
  CHECK(flow.video->format_name == e.format_name);
  CHECK(flow.video->sampling == e.sampling);
  CHECK(flow.video->depth == e.depth);
  CHECK(flow.video->incomplete_frames == 0);
  REQUIRE(flow.video->timing);
  CHECK(flow.video->timing->packets_per_frame == e.packets_per_frame);
  CHECK(flow.video->timing->compliance == crosspoint::st2110::ComplianceClass::kNarrow);
  CHECK(flow.video->timing->rtp_vs_epoch_ticks_min == 0);
  CHECK(flow.video->timing->rtp_vs_epoch_ticks_max == 0);
  // The first packet leaves half a TRS before TRO_DEFAULT.
  CHECK(flow.video->timing->tr_offset_us ==
        Approx(flow.video->timing->tro_default_us - flow.video->timing->trs_ns / 2000.0).margin(0.01));

  // With the SDP the analyzer reads sampling and depth from it, and agrees.
  auto text = std::ifstream(generated.sdp);
  std::stringstream sdp_text;
  sdp_text << text.rdbuf();
  auto sdp = crosspoint::st2110::parse_sdp(sdp_text.str());
  REQUIRE(sdp);
  const CaptureReport with_sdp = analyze_capture(generated.pcap, *sdp);
  const FlowReport& described = only_flow(with_sdp, DetectedMedia::kVideo);
  CHECK(described.media_from_sdp);
  REQUIRE(described.video);
  CHECK(described.video->sampling_from_sdp);
  CHECK(described.video->sampling == e.sampling);
  CHECK(described.video->width == e.width);
}

}  // namespace

TEST_CASE("720p50 4:2:2 10-bit GPM: 3 packets a line, narrow", "[video]") {
  check_video({"720p50", {"--video", "720p50", "--frames", "2"}, 1280, 720, false, 2, 2160, "720p50", "YCbCr-4:2:2", "10"});
}

TEST_CASE("1080i59.94: two fields a frame with the field bit, narrow", "[video]") {
  check_video({"1080i5994", {"--video", "1080i59.94", "--frames", "2"}, 1920, 1080, true, 2, 4320, "1080i59.94",
               "YCbCr-4:2:2", "10"});
}

TEST_CASE("1080p60 GPM: 4320 packets a frame", "[video]") {
  check_video({"1080p60", {"--video", "1080p60", "--frames", "2"}, 1920, 1080, false, 2, 4320, "1080p60",
               "YCbCr-4:2:2", "10"});
}

TEST_CASE("1080p59.94 BPM: 4115 packets a frame as the worked figures say", "[video]") {
  check_video({"1080p5994bpm", {"--video", "1080p59.94", "--packing", "bpm", "--frames", "2"}, 1920, 1080, false, 2,
               4115, "1080p59.94", "YCbCr-4:2:2", "10"});
}

TEST_CASE("2160p23.98: 17280 packets a frame", "[video]") {
  check_video({"2160p2398", {"--video", "2160p23.98", "--frames", "2"}, 3840, 2160, false, 2, 17280, "2160p23.98",
               "YCbCr-4:2:2", "10"});
}

TEST_CASE("720p25 4:4:4 10-bit and 4:2:2 8-bit are recognised by octets per pixel", "[video]") {
  check_video({"720p25-444", {"--video", "720p25", "--sampling", "YCbCr-4:4:4", "--depth", "10", "--frames", "2"}, 1280,
               720, false, 2, 4 * 720, "720p25", "YCbCr-4:4:4", "10"});
  check_video({"720p25-8bit", {"--video", "720p25", "--depth", "8", "--frames", "2"}, 1280, 720, false, 2, 3 * 720,
               "720p25", "YCbCr-4:2:2", "8"});
}

TEST_CASE("a linear sender is classed narrow linear", "[video]") {
  cap_test::ScratchDir dir("video-linear");
  const auto generated = generate(dir, "linear", {"--video", "1080p59.94", "--pacing", "linear", "--frames", "2"});
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kVideo);
  REQUIRE(flow.video);
  REQUIRE(flow.video->timing);
  CHECK(flow.video->timing->vrx_min < 0);  // late against the gapped schedule
  CHECK(flow.video->timing->compliance == crosspoint::st2110::ComplianceClass::kNarrowLinear);
  CHECK(flow.video->timing->cmax_narrow == 6);
  CHECK(flow.video->timing->cmax_narrow_linear == 5);
  CHECK(flow.video->timing->vrx_full_narrow == 9);
  CHECK(flow.video->timing->vrx_full_wide == 863);
}

TEST_CASE("a deliberately unpaced burst is classed not compliant", "[video]") {
  cap_test::ScratchDir dir("video-burst");
  const auto generated = generate(dir, "burst", {"--video", "720p50", "--burst", "--frames", "2"});
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kVideo);
  REQUIRE(flow.video);
  REQUIRE(flow.video->timing);
  CHECK(flow.video->timing->cinst_max > flow.video->timing->cmax_wide);
  CHECK(flow.video->timing->vrx_max > static_cast<std::int64_t>(flow.video->timing->vrx_full_wide));
  CHECK(flow.video->timing->compliance == crosspoint::st2110::ComplianceClass::kNotCompliant);
}

TEST_CASE("the RTP timestamp steps one frame period at 90 kHz and implies the frame rate", "[video]") {
  cap_test::ScratchDir dir("video-cadence");
  const auto generated = generate(dir, "cadence", {"--video", "720p50", "--frames", "4"});
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kVideo);
  CHECK(flow.cadence.timestamp_step.min == 1800);
  CHECK(flow.cadence.timestamp_step.max == 1800);
  CHECK(flow.cadence.units_per_second == Approx(50.0));
  CHECK(flow.video->frame_rate == crosspoint::Rational{50, 1});
}
