// The crosspoint-cap command line as users run it: gen writes x.pcap and x.sdp, analyze --json prints the
// documented schema, a damaged file exits non-zero with the figures it could read, and the 8K example of
// the README works.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cap_command.hpp"
#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "cap_test_support.hpp"

using cap_test::run;
using cap_test::Run;

TEST_CASE("gen writes x.pcap and x.sdp; analyze --json prints flows with the documented fields", "[cli]") {
  cap_test::ScratchDir dir("cli");
  const std::string pcap = dir.file("x.pcap");
  const Run gen = run("gen --video 720p50 --frames 2 --audio --anc --out " + pcap);
  CHECK(gen.status == 0);
  CHECK(std::filesystem::exists(pcap));
  CHECK(std::filesystem::exists(dir.file("x.sdp")));

  const Run analyzed = run("analyze " + pcap + " --sdp " + dir.file("x.sdp") + " --json");
  REQUIRE(analyzed.status == 0);
  const auto json = nlohmann::json::parse(analyzed.out);
  REQUIRE(json.at("flows").is_array());
  REQUIRE(json.at("flows").size() == 3);
  CHECK(json.at("error").is_null());
  for (const auto& flow : json.at("flows")) {
    for (const char* key : {"destination", "ssrc", "media_type", "packets", "frames", "sequence_errors"}) {
      INFO(key);
      CHECK(flow.contains(key));
    }
    CHECK(flow.at("sequence_errors") == 0);
    if (flow.at("media_type") == "video") {
      CHECK(flow.at("destination") == "239.100.0.1:5004");
      CHECK(flow.at("width") == 1280);
      CHECK(flow.at("height") == 720);
      CHECK(flow.at("packets") == 4320);
      CHECK(flow.at("frames") == 2);
      CHECK(flow.at("st2110_21").at("class") == "narrow");
      CHECK(flow.at("st2110_21").contains("cmax"));
      CHECK(flow.at("st2110_21").contains("vrx_max"));
    } else if (flow.at("media_type") == "audio") {
      CHECK(flow.at("audio").at("channels") == 2);
    } else {
      CHECK(flow.at("media_type") == "ancillary");
      CHECK(flow.at("ancillary").at("anc_packets") == 4);
    }
  }
}

TEST_CASE("analyze --utc reads a capture stamped in UTC (tcpdump's clock) as TAI, PTP's timescale", "[cli]") {
  cap_test::ScratchDir dir("cli-utc");
  const std::string tai = dir.file("tai.pcap");
  REQUIRE(run("gen --video 720p50 --frames 2 --out " + tai).status == 0);
  // The same packets as a host whose CLOCK_REALTIME follows PTP stamps them: 37 s behind TAI.
  const std::string utc = dir.file("utc.pcap");
  {
    auto reader = crosspoint::capture::PcapReader::open(tai);
    REQUIRE(reader);
    auto writer = crosspoint::capture::PcapWriter::create(utc);
    REQUIRE(writer);
    constexpr std::uint64_t kShift = crosspoint::kTaiMinusUtcSeconds * crosspoint::kNanosPerSecond;
    while (auto record = reader->next()) REQUIRE(writer->write(record->timestamp_ns - kShift, record->bytes));
  }
  const auto offset_ok = [&](const std::string& arguments) {
    const Run analyzed = run("analyze " + arguments + " --sdp " + dir.file("tai.sdp") + " --json");
    REQUIRE(analyzed.status == 0);
    const auto json = nlohmann::json::parse(analyzed.out);
    REQUIRE(json.at("flows").size() == 1);
    return std::make_pair(json.at("utc_capture").get<bool>(),
                          json.at("flows")[0].at("st2110_21").at("rtp_minus_epoch_ticks").at("within_limit").get<bool>());
  };
  CHECK(offset_ok(tai) == std::make_pair(false, true));
  CHECK(offset_ok(utc) == std::make_pair(false, false));  // 37 s off the epochs
  CHECK(offset_ok(utc + " --utc") == std::make_pair(true, true));
  CHECK(run("analyze " + utc + " --utc").out.find("stamped in UTC, read as TAI: +37 s") != std::string::npos);
}

TEST_CASE("analyze of a cut capture exits non-zero and still reports what it read", "[cli]") {
  cap_test::ScratchDir dir("cli-cut");
  const std::string pcap = dir.file("whole.pcap");
  REQUIRE(run("gen --video 720p50 --frames 1 --out " + pcap).status == 0);
  const std::string cut = dir.file("cut.pcap");
  std::filesystem::copy_file(pcap, cut);
  std::filesystem::resize_file(cut, std::filesystem::file_size(pcap) / 2 + 3);
  const Run analyzed = run("analyze " + cut + " --json");
  CHECK(analyzed.status == 1);
  const auto json = nlohmann::json::parse(analyzed.out);
  CHECK(json.at("error").is_string());
  REQUIRE(json.at("flows").size() == 1);
  CHECK(json.at("flows")[0].at("packets") > 500);
}

TEST_CASE("bad command lines are refused with usage", "[cli]") {
  CHECK(run("gen --video 1080p59.95 --out /tmp/never.pcap").status == 2);
  CHECK(run("gen --video 1080p50").status == 2);
  CHECK(run("frobnicate").status == 2);
  CHECK(run("analyze").status == 2);
}

TEST_CASE("the README's 8K example: gen --video 4320p59.94 --frames 2 writes 138240 packets", "[cli-8k]") {
  cap_test::ScratchDir dir("cli-8k");
  const std::string pcap = dir.file("x.pcap");
  const Run gen = run("gen --video 4320p59.94 --frames 2 --out " + pcap);
  CHECK(gen.status == 0);
  CHECK(gen.out.find("138240 packets") != std::string::npos);
  CHECK(std::filesystem::file_size(pcap) > 170'000'000);
  const Run analyzed = run("analyze " + pcap + " --json");
  REQUIRE(analyzed.status == 0);
  const auto json = nlohmann::json::parse(analyzed.out);
  REQUIRE(json.at("flows").size() == 1);
  const auto& flow = json.at("flows")[0];
  CHECK(flow.at("width") == 7680);
  CHECK(flow.at("height") == 4320);
  CHECK(flow.at("packets_per_frame") == 69120);
  CHECK(flow.at("st2110_21").at("cmax_limit_narrow") == 99);
  CHECK(flow.at("st2110_21").at("vrx_full_narrow") == 153);
  CHECK(flow.at("st2110_21").at("class") == "narrow");
}
