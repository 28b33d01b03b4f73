// Flows longer than the point where analyze fixes their format (2^18 packets) and than the ST 2022-7
// window (65536 sequence numbers): every packet is still timed and counted, as in a short capture.
#include <catch2/catch.hpp>

#include "cap_test_support.hpp"

using namespace crosspoint::cap;

TEST_CASE("a 36 s audio 2022-7 pair of 288000 packets a leg: TS-DF, offsets and the pair over all of it",
          "[streaming]") {
  cap_test::ScratchDir dir("streaming-audio");
  const auto generated = cap_test::generate(
      dir, "pair", {"--audio", "--channels", "8", "--ptime", "125", "--duration-ms", "36000", "--dup",
                    "--leg-a-loss", "100,150000,280000", "--leg-b-loss", "200,290,287000"});
  const CaptureReport report = cap_test::analyze(generated.pcap);
  CHECK(report.capture_error.empty());
  REQUIRE(report.flows.size() == 2);
  for (const FlowReport& flow : report.flows) {
    CHECK(flow.media == DetectedMedia::kAudio);
    CHECK(flow.packets == 288000 - 3);
    REQUIRE(flow.audio);
    CHECK(flow.audio->sample_rate == 48000);
    CHECK(flow.audio->channels == 8);
    CHECK(flow.audio->packet_time_us == Approx(125));
    // 200 ms windows over 36 s, and one offset per packet, past the point the format was fixed.
    CHECK(flow.audio->ts_df_windows == 180);
    CHECK(flow.audio->ts_df_within_limit);
    CHECK(flow.cadence.packet_to_rtp_us.count == flow.packets);
    CHECK(flow.sequence.missing == 3);
    CHECK_FALSE(flow.rtp_offset_series.values.empty());
    CHECK(flow.rtp_offset_series.seconds.back() > 35.0);
  }
  REQUIRE(report.dup_pairs.size() == 1);
  const DupPairReport& pair = report.dup_pairs[0];
  CHECK(pair.sequence_range == 288000);
  CHECK(pair.merged_packets == 288000);
  CHECK(pair.recovered == 6);
  CHECK(pair.lost_on_both == 0);
  CHECK(pair.skew_ns.count == 288000 - 6);
  CHECK(pair.max_skew_ns == 0);
}

TEST_CASE("270000 packets of 720p50 video: every frame through the ST 2110-21 models", "[streaming]") {
  cap_test::ScratchDir dir("streaming-video");
  const auto generated = cap_test::generate(dir, "video", {"--video", "720p50", "--frames", "125"});
  const CaptureReport report = cap_test::analyze(generated.pcap);
  CHECK(report.capture_error.empty());
  REQUIRE(report.flows.size() == 1);
  const FlowReport& flow = report.flows[0];
  CHECK(flow.packets == 125 * 2160);
  CHECK(flow.frames == 125);
  REQUIRE(flow.video);
  CHECK(flow.video->format_name == "720p50");
  CHECK(flow.video->incomplete_frames == 0);
  REQUIRE(flow.video->timing);
  const St2110_21Report& timing = *flow.video->timing;
  CHECK(timing.units_measured == 125);
  CHECK(timing.compliance == crosspoint::st2110::ComplianceClass::kNarrow);
  CHECK(timing.rtp_offset_within_limit);
  CHECK(flow.cadence.packet_to_rtp_us.count == 125);
  std::uint64_t histogram_packets = 0;
  for (const auto& [cinst, packets] : timing.cinst_histogram) histogram_packets += packets;
  CHECK(histogram_packets == flow.packets);
  CHECK(timing.vrx_series.seconds.back() > 2.4);
}
