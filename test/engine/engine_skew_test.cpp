// ST 2022-7 over paths of different delay, end to end: crosspoint-cap gen writes a video and an audio flow on
// two legs, leg B arriving 0, 10 us, 1 ms or 50 ms after leg A, with single losses on either leg, losses on
// both and bursts; the engine's replay port sends the capture on its timeline (so the skew is real time),
// and the output must carry every packet either leg carried, in order, with the merge's figures equal to
// crosspoint-cap analyze's 2022-7 report of the input.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <rte_mempool.h>

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

const Ipv4Address kVideoA{0xEF640001};  // 239.100.0.1
const Ipv4Address kVideoB{0xEF650001};  // 239.101.0.1
const Ipv4Address kAudioA{0xEF640101};  // 239.100.1.1
const Ipv4Address kAudioB{0xEF650101};  // 239.101.1.1
const Ipv4Address kVideoOut{0xEFC80001};
const Ipv4Address kAudioOut{0xEFC80101};

// Singles on each leg, a burst on each, one packet and part of a burst lost on both.
constexpr const char* kLegALoss = "10,11,12,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,"
                                  "118,119,120,121,122,123,124,125,126,127,128,129,300,777";
constexpr const char* kLegBLoss = "40,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,300,600,601,602,"
                                  "603,604,605,606,607,608,609";

// A packet's place in its flow: RTP time from the flow's first (audio: one packet per time) and, for video,
// the extended sequence number from the first, so the order of keys is the order of sending.
struct Order {
  std::uint32_t first_timestamp = 0;
  std::uint32_t first_sequence = 0;
  bool started = false;
  std::uint64_t key(const st2110::RtpPacketView& view, bool video) {
    const std::uint32_t sequence =
        video ? st2110::full_sequence(st2110::load_be16(view.payload.data()), view.rtp.sequence) : view.rtp.sequence;
    if (!started) {
      started = true;
      first_timestamp = view.rtp.timestamp;
      first_sequence = sequence;
    }
    const std::uint64_t time = static_cast<std::uint32_t>(view.rtp.timestamp - first_timestamp);
    return video ? static_cast<std::uint64_t>(static_cast<std::uint32_t>(sequence - first_sequence)) : time;
  }
};

// The media payload of every packet either leg carried, in sending order.
std::vector<Frame> merged_input(const std::string& path, Ipv4Address a, Ipv4Address b, bool video) {
  std::map<std::uint64_t, Frame> payloads;
  Order order;
  auto reader = capture::PcapReader::open(path);
  REQUIRE(reader);
  while (auto record = reader->next()) {
    auto view = st2110::parse_rtp_packet(record->bytes);
    if (!view || (view->ip.destination != a && view->ip.destination != b)) continue;
    const auto data = view->payload.subspan(video ? 2 : 0);
    payloads.emplace(order.key(*view, video), Frame(data.begin(), data.end()));
  }
  std::vector<Frame> merged;
  for (auto& [key, payload] : payloads) merged.push_back(std::move(payload));
  return merged;
}

struct OutputFlow {
  std::vector<Frame> payloads;  // in the order sent
  bool in_order = true;         // every packet after the one before it in the input's order
};

OutputFlow output_flow(const std::vector<Frame>& frames, Ipv4Address destination, bool video) {
  OutputFlow flow;
  Order order;
  std::optional<std::uint64_t> previous;
  for (const Frame& frame : frames) {
    auto view = st2110::parse_rtp_packet(st2110::Bytes{frame});
    if (!view || view->ip.destination != destination) continue;
    // The output renumbers its sequence: the order is read from the RTP time and, for video, the line and
    // offset of the payload's first segment.
    std::uint64_t key = static_cast<std::uint32_t>(view->rtp.timestamp - (order.started ? order.first_timestamp : view->rtp.timestamp));
    if (!order.started) {
      order.started = true;
      order.first_timestamp = view->rtp.timestamp;
    }
    if (video) {
      const std::uint8_t* srd = view->payload.data() + st2110::kRfc4175ExtendedSequenceLength;
      key = key << 32 | std::uint64_t{st2110::load_be16(srd + 2) & 0x7fffU} << 16 | (st2110::load_be16(srd + 4) & 0x7fffU);
    }
    if (previous && key <= *previous) flow.in_order = false;
    previous = key;
    const auto data = view->payload.subspan(video ? 2 : 0);
    flow.payloads.emplace_back(data.begin(), data.end());
  }
  return flow;
}

struct SkewCase {
  unsigned leg_b_delay_us;
  std::string video;  // crosspoint-cap gen's video arguments
};

}  // namespace

TEST_CASE("ST 2022-7 legs offset by 0, 10 us, 1 ms and 50 ms merge complete and in order, as crosspoint-cap analyze "
          "counts them") {
  ensure_eal();
  const char* build = std::getenv("CROSSPOINT_BUILD_DIR");
  const std::string cap = std::string(build != nullptr ? build : ".") + "/tools/cap/crosspoint-cap";
  REQUIRE(std::filesystem::exists(cap));  // built before this test (depends)
  // 1080p59.94 whole (8640 packets a leg); at 50 ms its packets of one skew (13,000) would outgrow the replay
  // port's pool of 8191 mbufs, so that case runs a 320x180 raster at the same rate for longer.
  const SkewCase cases[] = {{0, "--video 1080p59.94 --frames 2"},
                            {10, "--video 1080p59.94 --frames 2"},
                            {1000, "--video 1080p59.94 --frames 2"},
                            {50'000, "--video 1080p59.94 --raster 320x180 --frames 12"}};
  for (const SkewCase& c : cases) {
    CAPTURE(c.leg_b_delay_us);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("crosspoint-skew-" + std::to_string(getpid()) + "-" + std::to_string(c.leg_b_delay_us));
    std::filesystem::create_directories(dir);
    const std::string in_path = (dir / "in.pcap").string();
    REQUIRE(std::system((cap + " gen " + c.video + " --audio --ptime 125 --duration-ms 150 --leg-b-delay-us " +
                         std::to_string(c.leg_b_delay_us) + " --leg-a-loss " + kLegALoss + " --leg-b-loss " + kLegBLoss +
                         " --out " + in_path + " >/dev/null")
                            .c_str()) == 0);
    const auto analysis = nlohmann::json::parse(output_of(cap + " analyze " + in_path + " --json"), nullptr, false);
    REQUIRE(!analysis.is_discarded());
    std::map<std::string, nlohmann::json> pairs;  // by leg A's destination
    for (const auto& pair : analysis["st2022_7"]) pairs[pair["legs"][0]["destination"].get<std::string>()] = pair;
    REQUIRE(pairs.count("239.100.0.1:5004") == 1);
    REQUIRE(pairs.count("239.100.1.1:5004") == 1);
    const double analyzed_skew_ns = pairs["239.100.0.1:5004"]["max_skew_ns"].get<double>();
    CHECK(analyzed_skew_ns == Approx(c.leg_b_delay_us * 1000.0).margin(1.0));

    RingPort out;
    ClockModel clock;
    EngineConfig config = test_engine_config();
    config.ports.push_back(PortConfig{"src", "replay:skew" + std::to_string(c.leg_b_delay_us) + ",file=" + in_path + ",paced",
                                      std::nullopt, Ipv4Address{0xC0000264}});
    config.ports.push_back(PortConfig{"out", out.name(), st2110::MacAddress{{2, 0, 0, 0, 0, 9}}, Ipv4Address{0xC0000265}});
    Engine engine(config, clock);
    InputConfig video;
    video.id = "video";
    video.legs = {InputLeg{"src", kVideoA, 5004, std::nullopt}, InputLeg{"src", kVideoB, 5004, std::nullopt}};
    video.max_skew_us = c.leg_b_delay_us + 20'000;  // the skew and a margin for a loaded machine
    video.max_packet_rate = 270'000;                // 1080p59.94: 259,000 packets a second
    InputConfig audio = video;
    audio.id = "audio";
    audio.media = st2110::MediaType::kAudio;
    audio.legs = {InputLeg{"src", kAudioA, 5004, std::nullopt}, InputLeg{"src", kAudioB, 5004, std::nullopt}};
    audio.max_packet_rate = 8'000;
    REQUIRE(engine.add_input(video));
    REQUIRE(engine.add_input(audio));
    OutputConfig video_out;
    video_out.id = "video-out";
    video_out.legs = {OutputLeg{"out", kVideoOut, std::nullopt, std::nullopt, 5004, 5004}};
    OutputConfig audio_out = video_out;
    audio_out.id = "audio-out";
    audio_out.media = st2110::MediaType::kAudio;
    audio_out.legs = {OutputLeg{"out", kAudioOut, std::nullopt, std::nullopt, 5004, 5004}};
    REQUIRE(engine.add_output(video_out));
    REQUIRE(engine.add_output(audio_out));
    REQUIRE(engine.arm_route("video-out", std::string("video")));
    REQUIRE(engine.arm_route("audio-out", std::string("audio")));
    const std::uint64_t baseline = engine.mbufs_in_use();
    REQUIRE(engine.start());

    const auto expected_video = merged_input(in_path, kVideoA, kVideoB, true);
    const auto expected_audio = merged_input(in_path, kAudioA, kAudioB, false);
    const std::vector<Frame> sent = out.wait_sent(expected_video.size() + expected_audio.size(), std::chrono::seconds(60));
    // Leg B's last copies come up to the skew after the output is complete: every record is counted first.
    std::uint64_t records = 0;
    for (auto reader = capture::PcapReader::open(in_path); reader && reader->next();) ++records;
    REQUIRE(wait_until([&] {
      const EngineStats s = engine.stats();
      return s.ports[0].rx_packets >= records && s.inputs[0].playout.depth == 0 && s.inputs[1].playout.depth == 0;
    }));
    const EngineStats stats = engine.stats();

    // Complete and in order: the n-th packet out carries the n-th packet either leg carried.
    const OutputFlow video_flow = output_flow(sent, kVideoOut, true);
    const OutputFlow audio_flow = output_flow(sent, kAudioOut, false);
    CHECK(video_flow.in_order);
    CHECK(audio_flow.in_order);
    CHECK(video_flow.payloads.size() == expected_video.size());
    CHECK(video_flow.payloads == expected_video);
    CHECK(audio_flow.payloads.size() == expected_audio.size());
    CHECK(audio_flow.payloads == expected_audio);

    // The merge's figures are the analyzer's (inputs are listed by id: audio, video).
    for (const auto& [input, destination] : {std::pair{&stats.inputs[0], "239.100.1.1:5004"}, std::pair{&stats.inputs[1], "239.100.0.1:5004"}}) {
      CAPTURE(destination);
      const nlohmann::json& pair = pairs[destination];
      CHECK(input->packets == pair["merged_packets"].get<std::uint64_t>());
      CHECK(input->lost == pair["lost_on_both"].get<std::uint64_t>());
      CHECK(input->legs[0].lost == pair["legs"][0]["missing"].get<std::uint64_t>());
      CHECK(input->legs[1].lost == pair["legs"][1]["missing"].get<std::uint64_t>());
      CHECK(input->legs[0].recovered + input->legs[1].recovered == pair["recovered"].get<std::uint64_t>());
      CHECK(input->legs[0].packets + input->legs[1].packets ==
            pair["legs"][0]["packets"].get<std::uint64_t>() + pair["legs"][1]["packets"].get<std::uint64_t>());
      CHECK(input->playout.active);
      CHECK(input->playout.gaps == input->sequence_errors);
      // A hole lost on both legs waits max_skew (the skew and 20 ms) before it is given up; on this shared
      // machine the worker may be scheduled a few milliseconds late.
      CHECK(input->playout.wait_max_ns >= (c.leg_b_delay_us + 20'000) * 1000ULL);
      CHECK(input->playout.wait_max_ns <= (c.leg_b_delay_us + 20'000 + 20'000) * 1000ULL);
      // With the legs apart, a packet leg A lost is filled from leg B in place, after a later one came.
      if (c.leg_b_delay_us >= 1000) CHECK(input->playout.late_filled > 0);
      std::printf("skew %u us, %s: %llu packets, %llu lost on both, %llu late-filled, %llu gaps, waited at most %.3f ms, "
                  "held at most %llu\n",
                  c.leg_b_delay_us, destination, static_cast<unsigned long long>(input->packets),
                  static_cast<unsigned long long>(input->lost), static_cast<unsigned long long>(input->playout.late_filled),
                  static_cast<unsigned long long>(input->playout.gaps), input->playout.wait_max_ns / 1e6,
                  static_cast<unsigned long long>(input->playout.depth_max));
    }
    engine.stop();
    CHECK(engine.mbufs_in_use() == baseline);
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("a packet waiting for its hole leaves after max_skew with nothing else arriving, and removing an input "
          "frees what its buffer holds") {
  RingPort red;
  RingPort blue;
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"red", red.name(), st2110::MacAddress{{2, 0, 0, 0, 1, 1}}, Ipv4Address{0xC0000265}});
  config.ports.push_back(PortConfig{"blue", blue.name(), st2110::MacAddress{{2, 0, 0, 0, 2, 2}}, Ipv4Address{0xC0000266}});
  Engine engine(config, clock);
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "protected";
  input.legs = {InputLeg{"red", spec.destination, spec.udp_port, std::nullopt},
                InputLeg{"blue", spec.destination, spec.udp_port, std::nullopt}};
  input.max_skew_us = 200'000;
  input.max_packet_rate = 10'000;
  REQUIRE(engine.add_input(input));
  OutputConfig output;
  output.id = "out";
  output.legs = {OutputLeg{"red", kVideoOut, std::nullopt, std::nullopt, 5004, 5004}};
  REQUIRE(engine.add_output(output));
  REQUIRE(engine.arm_route("out", std::string("protected")));
  REQUIRE(engine.start());

  // The output's packets sent so far (the port also carries IGMP reports).
  std::size_t sent = 0;
  const auto count_sent = [&] {
    for (const Frame& f : red.take_sent()) {
      const auto view = st2110::parse_rtp_packet(st2110::Bytes{f});
      if (view && view->ip.destination == kVideoOut) ++sent;
    }
    return sent;
  };
  // Packet 1 never comes: 2 and 3 wait max_skew, then leave on their own, 1 counted lost.
  for (const std::uint64_t i : {0, 2, 3}) red.send(stream.packet(i));
  REQUIRE(wait_until([&] { return count_sent() == 1; }));
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(wait_until([&] { return count_sent() == 3; }));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(150));
  EngineStats stats = engine.stats();
  CHECK(stats.inputs[0].lost == 1);
  CHECK(stats.inputs[0].playout.released_after_timeout == 1);
  CHECK(stats.inputs[0].playout.depth == 0);
  CHECK(blue.pending_to_engine() == 0);

  // Packets held behind a hole go back to their pool (the ring port's) when the input is removed.
  const unsigned baseline = rte_mempool_in_use_count(test_mempool());
  for (const std::uint64_t i : {5, 6, 7, 8}) red.send(stream.packet(i));
  REQUIRE(wait_until([&] { return engine.stats().inputs[0].playout.depth == 4; }));
  CHECK(rte_mempool_in_use_count(test_mempool()) == baseline + 4);
  REQUIRE(engine.remove_input("protected"));
  CHECK(count_sent() == 3);
  CHECK(rte_mempool_in_use_count(test_mempool()) == baseline);
  engine.stop();
}
