// The control-plane tap on a real engine (EAL, ring ports the test drives): the generator's bars tapped at an
// input and at the output it feeds decode, through the thumbnail service, to the pattern's own pixels while
// every packet is forwarded; a tap whose pool is too small for a frame counts what it could not copy and
// forwards everything all the same; nothing stays taken once the copies are read.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <thread>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/signal/video_generator.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "test_dpdk.hpp"
#include "thumbnail/thumbnail_service.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

namespace {

const Ipv4Address kPortAddress{0xC0000264};  // 192.0.2.100
const Ipv4Address kInputGroup{0xEF010101};   // 239.1.1.1
const Ipv4Address kOutputGroup{0xEF0A0A0A};  // 239.10.10.10

st2110::VideoFormat bars_format() {
  st2110::VideoFormat format;
  format.width = 1280;
  format.height = 720;
  format.sampling = st2110::Sampling::kYCbCr422;
  format.depth = st2110::Depth::k10;
  format.exact_frame_rate = Rational{50, 1};
  return format;
}

// An engine on one ring port with input "cam" (239.1.1.1) routed to output "pgm".
struct TappedEngine {
  RingPort ring;
  ClockModel clock;
  std::unique_ptr<Engine> engine;

  explicit TappedEngine(unsigned tap_buffers = 8191) {
    EngineConfig config = test_engine_config();
    config.mempools.tap_buffers = tap_buffers;
    config.ports.push_back(PortConfig{"net", ring.name(), st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}}, kPortAddress});
    engine = std::make_unique<Engine>(config, clock);
    REQUIRE(engine->start());
    InputConfig input;
    input.id = "cam";
    input.legs.push_back(InputLeg{"net", kInputGroup, 5004, std::nullopt});
    REQUIRE(engine->add_input(input));
    OutputConfig output;
    output.id = "pgm";
    output.legs.push_back(OutputLeg{"net", kOutputGroup, std::nullopt, std::nullopt, 5004, 5004});
    output.ssrc = 0x1234;
    REQUIRE(engine->add_output(output));
    REQUIRE(engine->arm_route("pgm", std::string("cam")));
    // The input's IGMP join goes out first: taken, so what the port sends after is the output's.
    REQUIRE(ring.wait_sent(1).size() == 1);
  }
};

// Sends `frames` frames of bars to the engine; returns each frame's RTP timestamp -> frame number.
std::map<std::uint32_t, std::uint64_t> send_bars(TappedEngine& t, std::uint32_t frames, std::uint64_t& packets,
                                                 std::unique_ptr<cap::VideoGenerator>& generator) {
  cap::VideoFlowSpec spec;
  spec.format = bars_format();
  spec.frames = frames;
  spec.address.destination = kInputGroup;
  auto created = cap::VideoGenerator::create(spec);
  REQUIRE(created);
  generator = std::move(*created);
  std::map<std::uint32_t, std::uint64_t> frame_of_timestamp;
  cap::GeneratedPacket packet;
  packets = 0;
  while (generator->next(packet)) {
    const auto view = st2110::parse_rtp_packet(packet.frame);
    REQUIRE(view);
    frame_of_timestamp.emplace(view->rtp.timestamp, generator->first_frame() + frame_of_timestamp.size());
    t.ring.send(Frame(packet.frame.begin(), packet.frame.end()));
    ++packets;
  }
  return frame_of_timestamp;
}

bool no_drops(const DropCounts& drops) {
  for (const auto count : drops) {
    if (count != 0) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("an input and its output tapped while forwarding: their thumbnails hold the bars, nothing is dropped") {
  TappedEngine t;
  const std::uint64_t baseline = t.engine->mbufs_in_use();
  app::ThumbnailTiming timing;
  timing.drain = std::chrono::milliseconds(1);
  app::ThumbnailService service(
      *t.engine, {{TapPoint::kInput, "cam", bars_format(), "Camera"}, {TapPoint::kOutput, "pgm", bars_format(), "Program"}},
      timing);
  // The first request starts the taps; nothing has been sent yet.
  CHECK(service.picture(TapPoint::kInput, "cam").outcome == app::PreviewOutcome::kNotYet);
  CHECK(service.picture(TapPoint::kOutput, "pgm").outcome == app::PreviewOutcome::kNotYet);
  CHECK(service.picture(TapPoint::kInput, "nothing").outcome == app::PreviewOutcome::kUnknown);
  CHECK(service.meters(TapPoint::kInput, "cam").outcome == app::PreviewOutcome::kWrongMedia);
  // The two taps start spread over a renewal period (a second), so their frames come apart.
  std::this_thread::sleep_for(timing.renew + std::chrono::milliseconds(300));

  std::uint64_t sent = 0;
  std::unique_ptr<cap::VideoGenerator> generator;
  const auto frame_of_timestamp = send_bars(t, 3, sent, generator);
  REQUIRE(wait_until([&] {
    return service.picture(TapPoint::kInput, "cam").outcome == app::PreviewOutcome::kReady &&
           service.picture(TapPoint::kOutput, "pgm").outcome == app::PreviewOutcome::kReady;
  }));

  for (const TapPoint point : {TapPoint::kInput, TapPoint::kOutput}) {
    const app::PictureAnswer answer = service.picture(point, point == TapPoint::kInput ? "cam" : "pgm");
    INFO((point == TapPoint::kInput ? "input" : "output"));
    const app::VideoThumbnail& thumbnail = *answer.thumbnail;
    REQUIRE(thumbnail.width() == 160);
    REQUIRE(thumbnail.height() == 90);
    REQUIRE(frame_of_timestamp.count(answer.rtp_timestamp) == 1);
    const std::uint64_t frame = frame_of_timestamp.at(answer.rtp_timestamp);
    unsigned compared = 0;
    for (std::uint32_t y = 0; y < thumbnail.height(); y += 5) {
      for (std::uint32_t x = 0; x < thumbnail.width(); x += 3) {
        const auto sx = static_cast<std::uint32_t>((2ull * x + 1) * 1280 / 320);
        const auto sy = static_cast<std::uint32_t>((2ull * y + 1) * 720 / 180);
        INFO("thumbnail (" << x << ", " << y << ") from source (" << sx << ", " << sy << ")");
        REQUIRE(thumbnail.components(x, y) == generator->pattern().pixel(frame, sx, sy));
        ++compared;
      }
    }
    CHECK(compared > 900);
  }

  // Every packet forwarded, none dropped on the data path; the tap copied whole frames and dropped none.
  REQUIRE(wait_until([&] { return t.engine->stats().outputs[0].packets == sent; }));
  const EngineStats stats = t.engine->stats();
  const InputStats& input = stats.inputs[0];
  const OutputStats& output = stats.outputs[0];
  CHECK(input.packets == sent);
  CHECK(input.lost == 0);
  CHECK(no_drops(input.drops));
  CHECK(output.packets == sent);
  CHECK(no_drops(output.drops));
  CHECK(no_drops(stats.ports[0].drops));
  CHECK(input.tap.units >= 1);
  CHECK(input.tap.packets == input.tap.units * (sent / 3));
  CHECK(input.tap.dropped == 0);
  CHECK(output.tap.packets >= sent / 3);
  CHECK(output.tap.dropped == 0);
  CHECK(stats.tap.packets == input.tap.packets + output.tap.packets);
  CHECK(t.ring.wait_sent(sent).size() == sent);
  CHECK(wait_until([&] { return t.engine->stats().tap_buffers_in_use == 0 && t.engine->mbufs_in_use() == baseline; }));
}

TEST_CASE("a tap whose pool is full counts the packets it did not copy and forwards every one") {
  TappedEngine t(63);
  const std::uint64_t baseline = t.engine->mbufs_in_use();
  // Every frame, for ten seconds, and nobody reads: the 63 buffers fill during the first frame copied.
  REQUIRE(t.engine->tap(TapPoint::kInput, "cam", {.one_in = 1, .lease = std::chrono::seconds(10)}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::uint64_t sent = 0;
  std::unique_ptr<cap::VideoGenerator> generator;
  send_bars(t, 3, sent, generator);
  REQUIRE(wait_until([&] { return t.engine->stats().outputs[0].packets == sent; }));
  EngineStats stats = t.engine->stats();
  CHECK(stats.inputs[0].packets == sent);
  CHECK(no_drops(stats.inputs[0].drops));
  CHECK(no_drops(stats.outputs[0].drops));
  CHECK(no_drops(stats.ports[0].drops));
  CHECK(stats.inputs[0].tap.packets == 63);
  // Frames 2 and 3 were due (frame 1 only shows where a frame starts): every packet of them not copied counts.
  CHECK(stats.inputs[0].tap.units == 2);
  CHECK(stats.inputs[0].tap.dropped == 2 * (sent / 3) - 63);
  CHECK(stats.tap_buffers_in_use == 63);
  CHECK(t.ring.wait_sent(sent).size() == sent);

  // Reading returns the buffers: the first frame's first 63 packets, in order.
  std::uint32_t next_index = 0;
  const std::size_t read = t.engine->read_tap([&](const TappedPacket& p) {
    CHECK(p.key.point == TapPoint::kInput);
    CHECK(p.unit == 1);
    CHECK(p.index == next_index++);
  });
  CHECK(read == 63);
  CHECK(t.engine->stats().tap_buffers_in_use == 0);

  // A lease of 0 ends the tap at once: the next frames are not copied.
  REQUIRE(t.engine->tap(TapPoint::kInput, "cam", {.one_in = 1, .lease = std::chrono::milliseconds(0)}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  send_bars(t, 2, sent, generator);
  REQUIRE(wait_until([&] { return t.engine->stats().outputs[0].packets == 5 * (sent / 2); }));
  stats = t.engine->stats();
  CHECK(stats.inputs[0].tap.packets == 63);
  CHECK(stats.tap_buffers_in_use == 0);
  CHECK(t.ring.wait_sent(sent).size() == sent);
  CHECK(wait_until([&] { return t.engine->mbufs_in_use() == baseline; }));
  CHECK(t.engine->read_tap([](const TappedPacket&) {}) == 0);
}

TEST_CASE("the tap refuses what it cannot tap") {
  TappedEngine t;
  CHECK(t.engine->tap(TapPoint::kInput, "nothing").error().code == EngineErrorCode::kNotFound);
  CHECK(t.engine->tap(TapPoint::kOutput, "cam").error().code == EngineErrorCode::kNotFound);
  CHECK(t.engine->tap(TapPoint::kInput, "cam", {.one_in = 0}).error().code == EngineErrorCode::kInvalidConfig);
  t.engine->stop();
  CHECK(t.engine->tap(TapPoint::kInput, "cam").error().code == EngineErrorCode::kNotRunning);
  CHECK(t.engine->read_tap([](const TappedPacket&) {}) == 0);
}
