// `analyze --profile`: each flow, pair, PTP and the capture pass or fail with reasons, and the exit status
// says it to CI: 0 all pass, 3 something fails, 1 the capture could not be analyzed, 2 a bad command line.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "cap_command.hpp"
#include "cap_test_support.hpp"
#include "verdict.hpp"

using namespace crosspoint::cap;

using cap_test::run;
using cap_test::Run;

namespace {

std::string capture(const std::string& name) { return cap_test::committed_capture(name); }

}  // namespace

TEST_CASE("compliant captures pass jt-nm-tested with exit status 0 and verdicts in the JSON", "[verdict]") {
  for (const char* name : {"programme_320x180p50", "video_320x180i50", "audio_l24_8ch_125us", "anc_5994",
                           "video_320x180p50_2022-7", "audio_2022-7"}) {
    INFO(name);
    const std::string base = capture(name);
    const Run analyzed = run("analyze " + base + ".pcap --sdp " + base + ".sdp --profile jt-nm-tested --json");
    CHECK(analyzed.status == 0);
    const auto json = nlohmann::json::parse(analyzed.out);
    CHECK(json.at("verdicts").at("profile") == "jt-nm-tested");
    CHECK(json.at("verdicts").at("capture").at("pass") == true);
    for (const auto& flow : json.at("flows")) CHECK(flow.at("verdict").at("pass") == true);
  }
}

TEST_CASE("an unpaced sender fails narrow, and wide, with the measured Cmax in the reason; exit status 3",
          "[verdict]") {
  const std::string base = capture("video_320x180p50_burst");
  for (const char* profile : {"jt-nm-tested", "narrow", "wide"}) {
    INFO(profile);
    const Run analyzed = run("analyze " + base + ".pcap --profile " + profile + " --json");
    CHECK(analyzed.status == 3);
    const auto json = nlohmann::json::parse(analyzed.out);
    CHECK(json.at("verdicts").at("capture").at("pass") == false);
    const auto& reasons = json.at("flows").at(0).at("verdict").at("reasons");
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0].get<std::string>().find("ST 2110-21 class not_compliant") == 0);
    CHECK(reasons[0].get<std::string>().find("Cmax") != std::string::npos);
  }
  // A gapped narrow sender passes every class.
  for (const char* profile : {"narrow", "narrow-linear", "wide"}) {
    CHECK(run("analyze " + capture("video_320x180p50.pcap") + " --profile " + profile).status == 0);
  }
}

TEST_CASE("a 2022-7 pair fails on packets lost on both legs, not on one leg's losses", "[verdict]") {
  const CaptureReport report = cap_test::analyze(capture("audio_2022-7_double_loss.pcap"));
  const ProfileVerdicts verdicts = judge(report, "jt-nm-tested", std::nullopt);
  CHECK_FALSE(verdicts.capture.pass);
  REQUIRE(verdicts.dup_pairs.size() == 1);
  CHECK(verdicts.dup_pairs[0].reasons == std::vector<std::string>{"2 packets lost on both legs"});
  for (const Verdict& leg : verdicts.flows) CHECK(leg.pass);
  // The pair's legs arrive together in the generated capture: no skew to absorb.
  CHECK(report.dup_pairs[0].skew_ns.count > 0);
  CHECK(report.dup_pairs[0].max_skew_ns == 0);
  CHECK(run("analyze " + capture("audio_2022-7.pcap") + " --profile jt-nm-tested").status == 0);
}

TEST_CASE("st2059-2 judges PTP: the third-party masters that announce no SM TLV fail, with reasons", "[verdict]") {
  const CaptureReport report = cap_test::analyze(cap_test::third_party_capture("tcpdump_ptp_ethernet.pcap"));
  const ProfileVerdicts verdicts = judge(report, "st2059-2", std::nullopt);
  REQUIRE(verdicts.ptp);
  CHECK_FALSE(verdicts.ptp->pass);
  CHECK(verdicts.ptp->reasons.size() == 2);
  CHECK(run("analyze " + cap_test::third_party_capture("tcpdump_ptp_ethernet.pcap") + " --profile st2059-2").status == 3);
  // A capture without PTP cannot pass a PTP profile.
  CHECK(run("analyze " + capture("anc_5994.pcap") + " --profile st2059-2").status == 3);
}

TEST_CASE("flows report DSCP/TTL consistency, packet spacing after the marker and frame intervals", "[verdict]") {
  const CaptureReport report = cap_test::analyze(capture("video_320x180p50.pcap"));
  const FlowReport& flow = cap_test::only_flow(report, DetectedMedia::kVideo);
  CHECK(flow.network.dscp_consistent);
  CHECK(flow.network.ttl_consistent);
  CHECK(flow.network.spacing_ns.count == flow.packets - 1);
  CHECK(flow.network.spacing_after_marker_ns.count == 7);   // 8 frames: 7 gaps after a marker
  CHECK(flow.network.frame_interval_ns.mean == Approx(20'000'000.0).epsilon(0.001));  // 50 frames/s
  CHECK(flow.network.spacing_after_marker_ns.min > flow.network.spacing_ns.min);  // the vertical blanking gap
}

TEST_CASE("a broken capture exits 1 whatever the profile; an unknown profile exits 2", "[verdict]") {
  CHECK(run("analyze /nonexistent.pcap --profile jt-nm-tested").status == 1);
  CHECK(run("analyze " + capture("anc_5994.pcap") + " --profile no-such-profile").status == 2);
}
