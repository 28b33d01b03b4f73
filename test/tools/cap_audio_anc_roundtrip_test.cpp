// gen then analyze for ST 2110-30 audio and ST 2110-40 ancillary flows, and for ST 2022-7 pairs.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cap_test_support.hpp"
#include "crosspoint/st2110/sdp.hpp"

using namespace crosspoint::cap;
using cap_test::analyze;
using cap_test::generate;
using cap_test::only_flow;

TEST_CASE("8-channel L24 audio at 125 us: shape, rate and TS-DF found without an SDP", "[audio]") {
  cap_test::ScratchDir dir("audio-125");
  const auto generated = generate(dir, "audio", {"--audio", "--channels", "8", "--ptime", "125", "--duration-ms", "300"});
  CHECK(generated.result.packets_generated == 2400);
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAudio);
  CHECK(flow.packets == 2400);
  CHECK(flow.sequence.errors() == 0);
  REQUIRE(flow.audio);
  CHECK(flow.audio->encoding == "L24");
  CHECK(flow.audio->channels == 8);
  CHECK(flow.audio->sample_rate == 48000);
  CHECK(flow.audio->samples_per_packet == 6);
  CHECK(flow.audio->packet_time_us == Approx(125.0));
  CHECK(flow.audio->ts_df_windows == 2);
  CHECK(flow.audio->ts_df_us < 1.0);  // a perfectly regular sender
  CHECK(flow.audio->ts_df_limit_us == Approx(17 * 125.0));
  CHECK(flow.audio->ts_df_within_limit);
  CHECK(flow.cadence.timestamp_step.min == 6);
  CHECK(flow.cadence.timestamp_step.max == 6);
  // Each packet leaves when its last sample is due: one packet time after its RTP time.
  CHECK(flow.cadence.packet_to_rtp_us.min == Approx(125.0).margin(0.01));
}

TEST_CASE("stereo L16 audio at 1 ms", "[audio]") {
  cap_test::ScratchDir dir("audio-l16");
  const auto generated = generate(dir, "audio", {"--audio", "--bits", "16", "--frames", "6", "--rate", "50"});
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAudio);
  CHECK(flow.packets == 120);  // 6 frames at 50 Hz = 120 ms
  REQUIRE(flow.audio);
  CHECK(flow.audio->encoding == "L16");
  CHECK(flow.audio->channels == 2);
  CHECK(flow.audio->samples_per_packet == 48);
}

TEST_CASE("ancillary: one ATC (60/60) and one CDP (61/01) per frame, read back without errors", "[anc]") {
  cap_test::ScratchDir dir("anc");
  const auto generated = generate(dir, "anc", {"--anc", "--frames", "5", "--rate", "59.94"});
  const CaptureReport report = analyze(generated.pcap);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
  CHECK(flow.packets == 5);
  CHECK(flow.frames == 5);
  CHECK(flow.payload_errors == 0);
  REQUIRE(flow.anc);
  CHECK(flow.anc->anc_packets == 10);
  CHECK(flow.anc->errors.empty());
  REQUIRE(flow.anc->data_ids.size() == 2);
  CHECK(flow.anc->data_ids[0].did == 0x60);
  CHECK(flow.anc->data_ids[0].sdid == 0x60);
  CHECK(flow.anc->data_ids[0].packets == 5);
  CHECK(flow.anc->data_ids[1].did == 0x61);
  CHECK(flow.anc->data_ids[1].sdid == 0x01);
  CHECK(flow.anc->data_ids[1].packets == 5);
  CHECK(flow.anc->frame_rate == crosspoint::Rational{60000, 1001});
  CHECK_FALSE(flow.anc->interlaced);
}

TEST_CASE("interlaced ancillary with 1080i video: a packet per field with F set, in one capture", "[anc]") {
  cap_test::ScratchDir dir("anc-i");
  const auto generated = generate(dir, "mix", {"--video", "1080i50", "--anc", "--audio", "--frames", "2"});
  const CaptureReport report = analyze(generated.pcap);
  CHECK(report.flows.size() == 3);
  const FlowReport& anc = only_flow(report, DetectedMedia::kAncillary);
  CHECK(anc.packets == 4);
  CHECK(anc.frames == 2);
  REQUIRE(anc.anc);
  CHECK(anc.anc->interlaced);
  CHECK(anc.anc->frame_rate == crosspoint::Rational{25, 1});
  CHECK(anc.anc->field_values == std::vector<std::string>{"first", "second"});
  const FlowReport& video = only_flow(report, DetectedMedia::kVideo);
  CHECK(video.frames == 2);
  REQUIRE(video.video);
  CHECK(video.video->format_name == "1080i50");
  const FlowReport& audio = only_flow(report, DetectedMedia::kAudio);
  CHECK(audio.packets == 80);  // 2 frames of 25 Hz
}

TEST_CASE("a 2022-7 pair whose legs lose different packets: the merge recovers them all", "[dup]") {
  cap_test::ScratchDir dir("dup-recover");
  const auto generated = generate(dir, "pair", {"--audio", "--ptime", "125", "--duration-ms", "100", "--leg-a-loss",
                                                "10,11,500", "--leg-b-loss", "700"});
  CHECK(generated.result.lost_on_a == 3);
  CHECK(generated.result.lost_on_b == 1);
  const CaptureReport report = analyze(generated.pcap);
  REQUIRE(report.flows.size() == 2);
  CHECK(report.flows[0].key.ssrc == report.flows[1].key.ssrc);
  CHECK(report.flows[0].sequence.missing + report.flows[1].sequence.missing == 4);
  REQUIRE(report.dup_pairs.size() == 1);
  const DupPairReport& pair = report.dup_pairs[0];
  CHECK(pair.sequence_range == 800);
  CHECK(pair.merged_packets == 800);
  CHECK(pair.recovered == 4);
  CHECK(pair.lost_on_both == 0);
  REQUIRE(pair.legs.size() == 2);
  CHECK(pair.legs[0].missing + pair.legs[1].missing == 4);
}

TEST_CASE("packets lost on both legs are reported lost", "[dup]") {
  cap_test::ScratchDir dir("dup-both");
  const auto generated = generate(dir, "pair", {"--video", "720p50", "--frames", "2", "--leg-a-loss", "5,6,100",
                                                "--leg-b-loss", "6,100,2000"});
  const CaptureReport report = analyze(generated.pcap);
  REQUIRE(report.dup_pairs.size() == 1);
  const DupPairReport& pair = report.dup_pairs[0];
  CHECK(pair.sequence_range == 4320);
  CHECK(pair.lost_on_both == 2);
  CHECK(pair.recovered == 2);
  CHECK(pair.merged_packets == 4318);
}

TEST_CASE("a lossy pair by rate, paired through the SDP's DUP group", "[dup]") {
  cap_test::ScratchDir dir("dup-rate");
  const auto generated = generate(dir, "pair", {"--audio", "--duration-ms", "2000", "--leg-a-loss-rate", "0.01",
                                                "--leg-b-loss-rate", "0.01"});
  CHECK(generated.result.lost_on_a > 5);
  CHECK(generated.result.lost_on_b > 5);
  std::ifstream in(generated.sdp);
  std::stringstream text;
  text << in.rdbuf();
  auto sdp = crosspoint::st2110::parse_sdp(text.str());
  REQUIRE(sdp);
  REQUIRE(sdp->dup_groups.size() == 1);
  const CaptureReport report = analyze_capture(generated.pcap, *sdp);
  REQUIRE(report.dup_pairs.size() == 1);
  const DupPairReport& pair = report.dup_pairs[0];
  CHECK(pair.from_sdp);
  // Two independent 1% patterns over 2000 packets: the merge fills every hole one leg has and the other not.
  CHECK(pair.recovered + 2 * pair.lost_on_both ==
        generated.result.lost_on_a + generated.result.lost_on_b);
  CHECK(pair.merged_packets + pair.lost_on_both == pair.sequence_range);
}
