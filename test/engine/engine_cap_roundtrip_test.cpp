// Captures from crosspoint-cap gen (ST 2110-20 video and -30 audio, each on two ST 2022-7 legs with
// different losses) replayed through the engine over net_pcap and recorded; crosspoint-cap analyze then
// proves the recording: every frame complete, sequence continuous, SSRC and addresses rewritten; the
// payload bytes are compared with the input's here.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "command_output.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

namespace {

// Media payload bytes (after the RFC 4175 extended sequence for video) per 32/16-bit input sequence.
std::map<std::uint32_t, Frame> payloads_by_sequence(const std::string& path, Ipv4Address a, Ipv4Address b, bool video) {
  std::map<std::uint32_t, Frame> payloads;
  auto reader = capture::PcapReader::open(path);
  REQUIRE(reader);
  while (auto record = reader->next()) {
    auto view = st2110::parse_rtp_packet(record->bytes);
    if (!view || (view->ip.destination != a && view->ip.destination != b)) continue;
    const std::uint32_t sequence =
        video ? st2110::full_sequence(st2110::load_be16(view->payload.data()), view->rtp.sequence) : view->rtp.sequence;
    const auto data = view->payload.subspan(video ? 2 : 0);
    payloads.emplace(sequence, Frame(data.begin(), data.end()));
  }
  return payloads;
}

}  // namespace

TEST_CASE("crosspoint-cap gen captures routed through net_pcap pass crosspoint-cap analyze with payload intact") {
  ensure_eal();
  const char* build = std::getenv("CROSSPOINT_BUILD_DIR");
  const std::string cap = std::string(build != nullptr ? build : ".") + "/tools/cap/crosspoint-cap";
  // Meson builds crosspoint-cap before this test (depends): its absence is a failure, not a skip.
  REQUIRE(std::filesystem::exists(cap));
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-roundtrip-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string in_path = (dir / "in.pcap").string();
  const std::string out_path = (dir / "out.pcap").string();
  REQUIRE(std::system((cap + " gen --video 1080p59.94 --frames 3 --audio --dup --leg-a-loss 100,2000,9000 "
                             "--leg-b-loss 300,4000 --out " + in_path + " >/dev/null").c_str()) == 0);

  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"pcap", "net_pcap_rt0,rx_pcap=" + in_path + ",tx_pcap=" + out_path, std::nullopt,
                                    Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  const Ipv4Address video_a{0xEF640001};  // 239.100.0.1
  const Ipv4Address video_b{0xEF650001};  // 239.101.0.1
  const Ipv4Address audio_a{0xEF640101};  // 239.100.1.1
  const Ipv4Address audio_b{0xEF650101};  // 239.101.1.1
  InputConfig video;
  video.id = "video";
  video.legs = {InputLeg{"pcap", video_a, 5004, std::nullopt}, InputLeg{"pcap", video_b, 5004, std::nullopt}};
  InputConfig audio;
  audio.id = "audio";
  audio.media = st2110::MediaType::kAudio;
  audio.legs = {InputLeg{"pcap", audio_a, 5004, std::nullopt}, InputLeg{"pcap", audio_b, 5004, std::nullopt}};
  REQUIRE(engine.add_input(video));
  REQUIRE(engine.add_input(audio));
  OutputConfig video_out;
  video_out.id = "video-out";
  video_out.legs = {OutputLeg{"pcap", Ipv4Address{0xEFC80001}, std::nullopt, std::nullopt, 5004, 5004}};
  video_out.ssrc = 0x7E57;
  OutputConfig audio_out = video_out;
  audio_out.id = "audio-out";
  audio_out.media = st2110::MediaType::kAudio;
  audio_out.legs = {OutputLeg{"pcap", Ipv4Address{0xEFC80101}, std::nullopt, std::nullopt, 5004, 5004}};
  audio_out.payload_type = 97;
  REQUIRE(engine.add_output(video_out));
  REQUIRE(engine.add_output(audio_out));
  REQUIRE(engine.arm_route("video-out", std::string("video")));
  REQUIRE(engine.arm_route("audio-out", std::string("audio")));
  std::uint64_t records = 0;
  {
    auto reader = capture::PcapReader::open(in_path);
    REQUIRE(reader);
    while (reader->next()) ++records;
  }
  REQUIRE(engine.start());
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= records; }, std::chrono::seconds(30)));
  const EngineStats stats = engine.stats();
  engine.stop();
  CHECK(stats.inputs[1].lost == 0);  // video (inputs are listed by id: audio, video)
  CHECK(stats.inputs[1].legs[0].lost == 3);
  CHECK(stats.inputs[1].legs[1].lost == 2);

  const auto report = nlohmann::json::parse(output_of(cap + " analyze " + out_path + " --json"), nullptr, false);
  REQUIRE(!report.is_discarded());
  std::map<std::string, nlohmann::json> flows;
  for (const auto& flow : report["flows"]) flows[flow["destination"].get<std::string>()] = flow;
  REQUIRE(flows.count("239.200.0.1:5004") == 1);
  REQUIRE(flows.count("239.200.1.1:5004") == 1);
  const auto& v = flows["239.200.0.1:5004"];
  CHECK(v["media_type"] == "video");
  CHECK(v["frames"] == 3);
  CHECK(v["incomplete_frames"] == 0);
  CHECK(v["packets"] == 3 * 4320);
  CHECK(v["sequence_errors"] == 0);
  CHECK(v["payload_errors"] == 0);
  CHECK(v["ssrc"] == 0x7E57);
  CHECK(v["source"] == "192.0.2.100:5004");
  const auto& a = flows["239.200.1.1:5004"];
  CHECK(a["media_type"] == "audio");
  CHECK(a["sequence_errors"] == 0);

  // Payload bytes: the n-th output packet carries the input's n-th packet (from whichever leg had it).
  const auto in_video = payloads_by_sequence(in_path, video_a, video_b, true);
  const auto out_video = payloads_by_sequence(out_path, Ipv4Address{0xEFC80001}, Ipv4Address{0xEFC80001}, true);
  REQUIRE(out_video.size() == in_video.size());
  auto in_it = in_video.begin();
  for (const auto& [sequence, payload] : out_video) {
    REQUIRE(payload == in_it->second);
    ++in_it;
  }
  const auto in_audio = payloads_by_sequence(in_path, audio_a, audio_b, false);
  const auto out_audio = payloads_by_sequence(out_path, Ipv4Address{0xEFC80101}, Ipv4Address{0xEFC80101}, false);
  REQUIRE(out_audio.size() == in_audio.size());
  std::filesystem::remove_all(dir);
}
