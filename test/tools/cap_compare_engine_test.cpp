// `crosspoint-cap compare` on the engine's own recordings: a generated ST 2022-7 source (video and audio,
// each leg with its own losses) is routed through the engine over net_pcap and recorded; compared with its
// source through the source's SDP (its DUP groups make each pair of legs one stream), every frame is in
// the recording bit-exact, although the engine rewrote addresses, SSRC and sequence numbers.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cap_test_support.hpp"
#include "capture_compare.hpp"
#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::cap;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

namespace {

st2110::SessionDescription sdp_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = st2110::parse_sdp(text.str());
  if (!parsed) FAIL(path << ": " << parsed.error().to_string());
  return *parsed;
}

constexpr Ipv4Address kVideoOut{0xEFC80001};  // 239.200.0.1
constexpr Ipv4Address kAudioOut{0xEFC80101};  // 239.200.1.1

// Routes `source` (with the legs its SDP names) through the engine into `recording`.
void record_through_engine(const std::string& source, const st2110::SessionDescription& sdp,
                           const std::string& recording) {
  ensure_eal();
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"pcap", "net_pcap_cmp0,rx_pcap=" + source + ",tx_pcap=" + recording,
                                    std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  // One input per media type, with the legs the SDP names, each routed to one output of its own SSRC.
  struct Route {
    const char* input;
    st2110::MediaType media;
    Ipv4Address output;
    std::uint8_t payload_type;
  };
  for (const Route& route : {Route{"video", st2110::MediaType::kVideo, kVideoOut, 96},
                             Route{"audio", st2110::MediaType::kAudio, kAudioOut, 97}}) {
    InputConfig input{};
    input.id = route.input;
    input.media = route.media;
    for (const auto& leg : sdp.legs) {
      if (st2110::media_type_of(leg.format) == route.media) {
        input.legs.push_back(InputLeg{"pcap", leg.connection.address, leg.port, std::nullopt});
      }
    }
    REQUIRE(input.legs.size() == 2);
    REQUIRE(engine.add_input(input));
    OutputConfig output;
    output.id = std::string(route.input) + "-out";
    output.media = route.media;
    output.ssrc = 0x7E57;
    output.payload_type = route.payload_type;
    output.legs = {OutputLeg{"pcap", route.output, std::nullopt, std::nullopt, 5004, 5004}};
    REQUIRE(engine.add_output(output));
    REQUIRE(engine.arm_route(output.id, std::string(route.input)));
  }
  std::uint64_t records = 0;
  {
    auto reader = capture::PcapReader::open(source);
    REQUIRE(reader);
    while (reader->next()) ++records;
  }
  REQUIRE(engine.start());
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= records; }, std::chrono::seconds(30)));
  engine.stop();  // closes the recording
}

}  // namespace

TEST_CASE("an engine recording of a 2022-7 source compared through the source's SDP is bit-exact", "[compare-engine]") {
  cap_test::ScratchDir dir("compare-engine");
  const auto source = cap_test::generate(dir, "source", {"--video", "720p50", "--audio", "--frames", "3", "--dup",
                                                         "--leg-a-loss", "7,300,2100", "--leg-b-loss", "40,2500"});
  const st2110::SessionDescription sdp = sdp_of(source.sdp);
  const std::string recording = dir.file("recording.pcap");
  record_through_engine(source.pcap, sdp, recording);

  CompareOptions options;
  options.sdp_a = sdp;
  const CompareReport report = compare_captures(source.pcap, recording, options);
  INFO(report.error);
  CHECK(report.error.empty());
  CHECK(report.bit_exact());
  CHECK(report.unmatched_in_b.empty());
  REQUIRE(report.flows.size() == 2);
  for (const FlowComparison& flow : report.flows) {
    REQUIRE(flow.b);
    CHECK(flow.a_second_leg);
    CHECK(flow.matched_by == "order");  // the engine gave the outputs their own SSRC
    CHECK(flow.frames_a == flow.frames_b);
    CHECK(flow.identical == flow.frames_a);
    CHECK(flow.latency_ns.count == flow.frames_a);
  }
  CHECK(report.flows[0].b->destination == kVideoOut);
  CHECK(report.flows[1].b->destination == kAudioOut);

  // An SDP for the recording (the source's first legs, at the output addresses) matches by SDP.
  st2110::SessionDescription recorded = sdp;
  recorded.dup_groups.clear();
  recorded.legs.clear();
  for (const auto& leg : sdp.legs) {
    const bool audio = st2110::media_type_of(leg.format) == st2110::MediaType::kAudio;
    if (std::any_of(recorded.legs.begin(), recorded.legs.end(),
                    [&](const auto& l) { return st2110::media_type_of(l.format) == st2110::media_type_of(leg.format); })) {
      continue;
    }
    recorded.legs.push_back(leg);
    recorded.legs.back().connection.address = audio ? kAudioOut : kVideoOut;
    recorded.legs.back().mid.clear();
  }
  options.sdp_b = recorded;
  const CompareReport by_sdp = compare_captures(source.pcap, recording, options);
  CHECK(by_sdp.bit_exact());
  for (const FlowComparison& flow : by_sdp.flows) CHECK(flow.matched_by == "sdp");

  // Without the SDP each source leg stands alone: its own losses make frames differ from the recording.
  CHECK_FALSE(compare_captures(source.pcap, recording).bit_exact());
}
