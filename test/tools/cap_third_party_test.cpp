// The analyzer against captures from real equipment and third-party software: it reports what
// captures/third-party/README.md says they hold. The captures are part of the repository: a missing one fails.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "cap_test_support.hpp"

using namespace crosspoint::cap;
using cap_test::only_flow;

namespace {

// The capture's path in captures/third-party/ of the source tree.
std::string third_party(const std::string& name) {
  const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
  const std::filesystem::path path =
      std::filesystem::path(source != nullptr ? source : ".") / "captures" / "third-party" / name;
  INFO("a capture of the repository is missing: " << path);
  REQUIRE(std::filesystem::exists(path));
  return path.string();
}

}  // namespace

TEST_CASE("Embrionix 1080i59.94 cut to 128 bytes: 21600 packets, 10 fields, 5 frames, narrow", "[third-party]") {
  const std::string file = third_party("pilist_eemebe_t_1080i59_hdr128.pcap");
  const CaptureReport report = cap_test::analyze(file);
  CHECK(report.capture_error.empty());
  CHECK(report.records == 21600);
  CHECK(report.snap_truncated_records == 21600);
  REQUIRE(report.flows.size() == 1);
  const FlowReport& flow = report.flows[0];
  CHECK(endpoint_text(flow.key.destination, flow.key.port) == "239.0.1.2:50000");
  CHECK(flow.payload_type == 96);
  CHECK(flow.media == DetectedMedia::kVideo);
  CHECK(flow.packets == 21600);
  CHECK(flow.frames == 5);
  CHECK(flow.sequence.errors() == 0);
  CHECK(flow.payload_errors == 0);
  REQUIRE(flow.video);
  CHECK(flow.video->fields == 10);
  CHECK(flow.video->width == 1920);
  CHECK(flow.video->height == 1080);
  CHECK(flow.video->interlaced);
  CHECK(flow.video->format_name == "1080i59.94");
  CHECK(flow.video->sampling == "YCbCr-4:2:2");
  CHECK(flow.video->depth == "10");
  CHECK(flow.video->marker_packets == 10);
  CHECK(flow.cadence.timestamp_step.min == 1501);
  CHECK(flow.cadence.timestamp_step.max == 1502);
  REQUIRE(flow.video->timing);
  CHECK(flow.video->timing->packets_per_frame == 4320);
}

TEST_CASE("Riedel L24 8 channels at 125 us: 10000 packets of 6 samples", "[third-party]") {
  const std::string file = third_party("pilist_l24_48000_8ch_0125.pcap");
  const CaptureReport report = cap_test::analyze(file);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAudio);
  CHECK(endpoint_text(flow.key.destination, flow.key.port) == "239.32.37.1:50030");
  CHECK(flow.payload_type == 97);
  CHECK(flow.packets == 10000);
  CHECK(flow.sequence.errors() == 0);
  REQUIRE(flow.audio);
  CHECK(flow.audio->encoding == "L24");
  CHECK(flow.audio->channels == 8);
  CHECK(flow.audio->sample_rate == 48000);
  CHECK(flow.audio->samples_per_packet == 6);
  CHECK(flow.audio->packet_time_us == Approx(125.0));
  // Real arrival jitter of 89-186 us: a TS-DF of about 100 us, within 17 packet times.
  CHECK(flow.audio->ts_df_us > 50.0);
  CHECK(flow.audio->ts_df_us < 200.0);
  CHECK(flow.audio->ts_df_within_limit);
}

TEST_CASE("the synthetic 2022-7 audio pair: same SSRC on two groups, nothing lost on both", "[third-party]") {
  const std::string file = third_party("pilist_ST2022-7-Audio.pcap");
  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.flows.size() == 2);
  for (const FlowReport& flow : report.flows) {
    CHECK(flow.key.ssrc == 0x01020304);
    CHECK(flow.packets == 16000);
    REQUIRE(flow.audio);
    CHECK(flow.audio->channels == 1);
    CHECK(flow.audio->samples_per_packet == 6);
  }
  REQUIRE(report.dup_pairs.size() == 1);
  CHECK(report.dup_pairs[0].lost_on_both == 0);
  CHECK(endpoint_text(report.dup_pairs[0].legs[0].key.destination, report.dup_pairs[0].legs[0].key.port) ==
        "239.1.2.1:6000");
  CHECK(endpoint_text(report.dup_pairs[0].legs[1].key.destination, report.dup_pairs[0].legs[1].key.port) ==
        "239.1.2.2:6000");
}

TEST_CASE("Evertz closed captions: 3599 packets, CDP 61/01 on line 10 at 59.94", "[third-party]") {
  const std::string file = third_party("zoo_ST2110-40-Closed_Captions.pcap");
  const CaptureReport report = cap_test::analyze(file);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
  CHECK(endpoint_text(flow.key.destination, flow.key.port) == "239.1.40.1:5000");
  CHECK(flow.payload_type == 100);
  CHECK(flow.packets == 3599);
  CHECK(flow.payload_errors == 0);
  REQUIRE(flow.anc);
  CHECK(flow.anc->errors.empty());
  REQUIRE(flow.anc->data_ids.size() == 1);
  CHECK(flow.anc->data_ids[0].did == 0x61);
  CHECK(flow.anc->data_ids[0].sdid == 0x01);
  CHECK(flow.anc->data_ids[0].lines == std::vector<std::uint16_t>{10});
  CHECK(flow.anc->frame_rate == crosspoint::Rational{60000, 1001});
}

TEST_CASE("Mellanox ANC: three ANC packets per RTP packet, ATC 60/60 on lines 9 and 10 and CDP 61/01",
          "[third-party]") {
  const std::string file = third_party("zoo_misc_anc_2110-40.pcap");
  const CaptureReport report = cap_test::analyze(file);
  const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
  CHECK(endpoint_text(flow.key.destination, flow.key.port) == "239.0.0.10:5010");
  CHECK(flow.packets == 1799);
  REQUIRE(flow.anc);
  CHECK(flow.anc->anc_packets == 3 * 1799);
  REQUIRE(flow.anc->data_ids.size() == 2);
  CHECK(flow.anc->data_ids[0].did == 0x60);
  CHECK(flow.anc->data_ids[0].lines == std::vector<std::uint16_t>{9, 10});
  CHECK(flow.anc->data_ids[1].did == 0x61);
  CHECK(flow.anc->errors.empty());
}

TEST_CASE("Embrionix 1080i ANC, Xilinx padded ANC and empty-but-valid ANC", "[third-party]") {
  const std::string interlaced = third_party("pilist_2110-40_5994i.pcap");
  const std::string padded = third_party("pilist_anc_with_some_rtp_padding.pcap");
  const std::string empty = third_party("pilist_empty_data_but_valid.pcap");
  {
    const CaptureReport report = cap_test::analyze(interlaced);
    const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
    CHECK(flow.packets == 90);
    REQUIRE(flow.anc);
    CHECK(flow.anc->interlaced);
    CHECK(flow.anc->frame_rate == crosspoint::Rational{30000, 1001});
    CHECK(flow.anc->errors.empty());
  }
  {
    const CaptureReport report = cap_test::analyze(padded);
    const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
    CHECK(flow.packets == 50);
    REQUIRE(flow.anc);
    CHECK(flow.anc->padded_packets == 17);
    CHECK(flow.payload_errors == 0);
  }
  {
    const CaptureReport report = cap_test::analyze(empty);
    const FlowReport& flow = only_flow(report, DetectedMedia::kAncillary);
    REQUIRE(flow.anc);
    CHECK(flow.anc->empty_payloads == flow.packets);
    CHECK(flow.anc->anc_packets == 0);
    CHECK(flow.payload_errors == 0);
  }
}

TEST_CASE("PTP captures are counted as PTP, never as flows or errors", "[third-party]") {
  for (const char* name : {"pilist_PTP_clock.pcap", "pilist_wireshark-wiki_ptpv2.pcap", "tcpdump_ptp.pcap",
                           "tcpdump_ptp_ethernet.pcap", "tcpdump_ptp_v2_1.pcap", "tcpdump_ptp_management.pcap",
                           "tcpdump_ptp_corrections.pcap"}) {
    INFO(name);
    const std::string file = third_party(name);
    const CaptureReport report = cap_test::analyze(file);
    CHECK(report.capture_error.empty());
    CHECK(report.flows.empty());
    CHECK(report.malformed.empty());
    CHECK(report.non_rtp.ptp == report.records);
  }
}
