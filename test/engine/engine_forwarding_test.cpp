// The engine on a real EAL with ring ports the test drives: forwarding, rewriting and clean switching.
#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <random>
#include <thread>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;
using st2110::MediaType;

namespace {

const Ipv4Address kPortAddress{0xC0000264};     // 192.0.2.100
const Ipv4Address kOutputGroup{0xEF0A0A0A};     // 239.10.10.10
constexpr std::uint32_t kOutputSsrc = 0xC0FFEE;

InputConfig input_on(const std::string& id, const std::string& port, const StreamSpec& spec) {
  InputConfig input;
  input.id = id;
  input.media = spec.media;
  input.legs.push_back(InputLeg{port, spec.destination, spec.udp_port, std::nullopt});
  return input;
}

OutputConfig output_on(const std::string& id, const std::string& port, MediaType media = MediaType::kVideo,
                       Ipv4Address group = kOutputGroup) {
  OutputConfig output;
  output.id = id;
  output.media = media;
  output.legs.push_back(OutputLeg{port, group, std::nullopt, std::nullopt, 5010, 5020});
  output.ssrc = kOutputSsrc;
  output.payload_type = 112;
  output.dscp = 46;
  output.ttl = 32;
  return output;
}

// Only the RTP packets of one output destination, in order. The views point into frames kept alive in a
// store that never moves them.
std::vector<st2110::RtpPacketView> rtp_to(std::vector<Frame> frames, Ipv4Address destination) {
  static std::deque<Frame> store;
  std::vector<st2110::RtpPacketView> views;
  for (Frame& f : frames) {
    store.push_back(std::move(f));
    auto view = st2110::parse_rtp_packet(st2110::Bytes{store.back()});
    if (view && view->ip.destination == destination) views.push_back(*view);
  }
  return views;
}

StreamSpec tagged_stream(std::uint8_t tag) {
  StreamSpec spec;
  spec.tag = tag;
  return spec;
}

struct RingEngine {
  RingPort ring;
  ClockModel clock;
  Engine engine;

  RingEngine() : engine(config_for(ring), clock) {}
  static EngineConfig config_for(const RingPort& ring) {
    EngineConfig config = test_engine_config();
    config.ports.push_back(PortConfig{"net", ring.name(), st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}}, kPortAddress});
    return config;
  }
  // Waits until the engine has received `count` packets on the port.
  void wait_received(std::uint64_t count) {
    REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= count; }));
  }
};

// Every output frame is one input frame, whole and in order; the output's sequence never skips.
void require_clean_output(const std::vector<st2110::RtpPacketView>& out, MediaType media) {
  REQUIRE(!out.empty());
  std::optional<PacketIdentity> frame_first;
  std::uint32_t expected_sequence = sequence_of(out.front(), media);
  std::uint32_t expected_packet = 0;
  for (const auto& view : out) {
    REQUIRE(sequence_of(view, media) == expected_sequence);
    ++expected_sequence;
    const PacketIdentity id = identify(view, media);
    if (!frame_first) {
      frame_first = id;
      expected_packet = 0;
      REQUIRE(id.packet == 0);  // frames start at their first packet
    }
    REQUIRE(id.tag == frame_first->tag);
    REQUIRE(id.frame == frame_first->frame);
    REQUIRE(id.packet == expected_packet);
    ++expected_packet;
    if (view.rtp.marker) frame_first.reset();
  }
}

}  // namespace

TEST_CASE("an input routed to an output leaves with rewritten headers, its own sequence and identical payload") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  const auto request = rig.engine.arm_route("program", std::string("camera"));
  REQUIRE(request);

  constexpr std::uint64_t kPackets = 8 * 40;
  for (std::uint64_t i = 0; i < kPackets; ++i) rig.ring.send(stream.packet(i));
  rig.wait_received(kPackets);
  const auto out = rtp_to(rig.ring.take_sent(), kOutputGroup);

  // The route was armed before the first packet, whose RFC 4175 row 0, offset 0 opens a frame.
  REQUIRE(out.size() == kPackets);
  require_clean_output(out, MediaType::kVideo);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto& view = out[i];
    CHECK(view.rtp.ssrc == kOutputSsrc);
    CHECK(view.rtp.payload_type == 112);
    CHECK(view.ip.source == kPortAddress);
    CHECK(view.ip.destination == kOutputGroup);
    CHECK(view.ip.dscp == 46);
    CHECK(view.ip.ttl == 32);
    CHECK(view.udp.source_port == 5010);
    CHECK(view.udp.destination_port == 5020);
    CHECK(view.ethernet.destination == st2110::MacAddress::for_ipv4_multicast(kOutputGroup.value));
    CHECK(view.ethernet.source == st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}});
    CHECK(sequence_of(view, MediaType::kVideo) == i);  // outputs count from zero, extended sequence included
    // Payload after the extended sequence number is byte for byte the input's, timestamp untouched.
    const Frame original = stream.packet(i);
    const auto in = st2110::parse_rtp_packet(st2110::Bytes{original});
    REQUIRE(in);
    CHECK(view.rtp.timestamp == in->rtp.timestamp);
    CHECK(view.rtp.marker == in->rtp.marker);
    const auto a = media_payload(view, MediaType::kVideo);
    const auto b = media_payload(*in, MediaType::kVideo);
    CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  }
  const auto state = rig.engine.route_state("program");
  REQUIRE(state);
  CHECK(state->current_input == "camera");
  CHECK(!state->armed);
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->request == *request);
  CHECK(state->last_landed->output_packet_index == 0);
  const EngineStats stats = rig.engine.stats();
  CHECK(stats.inputs[0].packets == kPackets);
  CHECK(stats.inputs[0].frames == 40);
  CHECK(stats.inputs[0].sequence_errors == 0);
  CHECK(stats.outputs[0].packets == out.size());
  CHECK(stats.outputs[0].frames == 40);
  rig.engine.stop();
}

TEST_CASE("a route change lands on the first frame boundary after it was armed, many times at random moments") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  b_spec.packets_per_frame = 6;  // frames of the two inputs never line up
  b_spec.first_sequence = 100;
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  REQUIRE(rig.engine.arm_route("program", std::string("a")));

  std::mt19937 random(2110);
  std::uint64_t next_a = 3;  // start both inputs mid-frame
  std::uint64_t next_b = 1;
  std::vector<PacketIdentity> sent;  // in the order the engine received them
  std::vector<st2110::RtpPacketView> all;
  auto send_some = [&](int count) {
    for (int i = 0; i < count; ++i) {
      const bool from_a = random() % 2 == 0;
      const Frame f = from_a ? a.packet(next_a++) : b.packet(next_b++);
      sent.push_back(identify(*st2110::parse_rtp_packet(st2110::Bytes{f}), MediaType::kVideo));
      rig.ring.send(f);
    }
    rig.wait_received(sent.size());
    const auto frames = rtp_to(rig.ring.take_sent(), kOutputGroup);
    all.insert(all.end(), frames.begin(), frames.end());
  };
  send_some(40);
  bool to_a = true;
  for (int round = 0; round < 60; ++round) {
    // Arm at a random moment: everything sent so far has been forwarded.
    const std::size_t out_before = all.size();
    const std::size_t sent_before = sent.size();
    to_a = !to_a;
    const std::string target(to_a ? "a" : "b");
    const auto request = rig.engine.arm_route("program", target);
    REQUIRE(request);
    do {
      send_some(std::uniform_int_distribution<int>(1, 40)(random));
    } while (!rig.engine.route_state("program")->last_landed ||
             rig.engine.route_state("program")->last_landed->request != *request);
    const auto state = rig.engine.route_state("program");
    REQUIRE(state->current_input == target);
    const std::uint8_t target_tag = target == "a" ? 0xA : 0xB;

    // Where the cut may happen: at the arm, or after the old frame in progress then ends with its marker.
    std::size_t cut = sent_before;
    if (out_before > 0 && !all[out_before - 1].rtp.marker) {
      const PacketIdentity open = identify(all[out_before - 1], MediaType::kVideo);
      while (!(sent[cut].tag == open.tag && sent[cut].frame == open.frame &&
               sent[cut].packet + 1 == (open.tag == 0xA ? a_spec : b_spec).packets_per_frame)) {
        ++cut;
      }
      ++cut;
    }
    std::size_t expected = cut;
    while (!(sent[expected].tag == target_tag && sent[expected].packet == 0)) ++expected;

    const std::uint64_t landed_at = state->last_landed->output_packet_index;
    REQUIRE(landed_at >= out_before);
    const PacketIdentity first = identify(all.at(landed_at), MediaType::kVideo);
    CHECK(first.tag == sent[expected].tag);
    CHECK(first.frame == sent[expected].frame);
    CHECK(first.packet == 0);
    // Between arming and landing only the old input's unfinished frame went out.
    for (std::uint64_t k = out_before; k < landed_at; ++k) {
      CHECK(identify(all.at(k), MediaType::kVideo).tag != target_tag);
    }
  }
  require_clean_output(all, MediaType::kVideo);
  CHECK(rig.engine.stats().outputs[0].switches >= 60);
  rig.engine.stop();
}

TEST_CASE("a route armed for a PTP time waits for that time, then lands on a frame boundary") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  const PtpTime at = rig.clock.now().plus(300'000'000);
  const auto request = rig.engine.arm_route("program", std::string("camera"), at);
  REQUIRE(request);
  for (std::uint64_t i = 0; i < 16; ++i) rig.ring.send(stream.packet(i));
  rig.wait_received(16);
  CHECK(rtp_to(rig.ring.take_sent(), kOutputGroup).empty());  // too early
  REQUIRE(rig.engine.route_state("program")->armed);
  while (rig.clock.now() < at) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (std::uint64_t i = 16; i < 32; ++i) rig.ring.send(stream.packet(i));
  rig.wait_received(32);
  const auto out = rtp_to(rig.ring.take_sent(), kOutputGroup);
  REQUIRE(out.size() == 16);
  CHECK(identify(out.front(), MediaType::kVideo).frame == 2);
  const auto state = rig.engine.route_state("program");
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->landed_at >= at);

  // The servo moves the clock by a microsecond: the landing keeps the time it was first reported at, in
  // the route's state and for its request alike.
  ClockMapping stepped = rig.clock.mapping();
  stepped.base_ptp_ns += 1000;
  rig.clock.publish(stepped);
  CHECK(rig.engine.route_state("program")->last_landed->landed_at == state->last_landed->landed_at);
  const auto landing = rig.engine.landing_of("program", *request);
  REQUIRE(landing);
  REQUIRE(*landing);
  CHECK((*landing)->landed_at == state->last_landed->landed_at);
  rig.engine.stop();
}

TEST_CASE("audio switches between any two packets and disconnecting stops an output") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec a_spec;
  a_spec.media = MediaType::kAudio;
  a_spec.payload_bytes = 288;
  a_spec.tag = 1;
  StreamSpec b_spec = a_spec;
  b_spec.tag = 2;
  b_spec.destination = Ipv4Address{0xEF010103};
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("mix", "net", MediaType::kAudio)));
  // A video input cannot feed an audio output.
  StreamSpec video;
  video.destination = Ipv4Address{0xEF010109};
  REQUIRE(rig.engine.add_input(input_on("video", "net", video)));
  const auto mismatch = rig.engine.arm_route("mix", std::string("video"));
  REQUIRE(!mismatch);
  CHECK(mismatch.error().code == EngineErrorCode::kMediaMismatch);

  REQUIRE(rig.engine.arm_route("mix", std::string("a")));
  for (std::uint64_t i = 0; i < 5; ++i) rig.ring.send(a.packet(i));
  rig.wait_received(5);
  REQUIRE(rig.engine.arm_route("mix", std::string("b")));
  for (std::uint64_t i = 5; i < 10; ++i) {
    rig.ring.send(a.packet(i));
    rig.ring.send(b.packet(i));
  }
  rig.wait_received(15);
  REQUIRE(rig.engine.arm_route("mix", std::nullopt));
  for (std::uint64_t i = 10; i < 12; ++i) rig.ring.send(b.packet(i));
  rig.wait_received(17);
  const auto out = rtp_to(rig.ring.take_sent(), kOutputGroup);
  REQUIRE(out.size() == 10);
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].rtp.sequence == i);
    CHECK(identify(out[i], MediaType::kAudio).tag == (i < 5 ? 1 : 2));
  }
  const auto state = rig.engine.route_state("mix");
  CHECK(!state->current_input);
  rig.engine.stop();
}

TEST_CASE("an engine stops and starts again with its inputs, outputs and routes; removing an input disconnects") {
  RingEngine rig;
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  REQUIRE(rig.engine.arm_route("program", std::string("camera")));
  std::uint64_t sent = 0;
  for (int cycle = 0; cycle < 2; ++cycle) {
    REQUIRE(rig.engine.start());
    for (std::uint64_t i = 0; i < 16; ++i) rig.ring.send(stream.packet(sent++));
    REQUIRE(wait_until([&] { return rig.engine.stats().inputs[0].packets == 16; }));
    const auto out = rtp_to(rig.ring.take_sent(), kOutputGroup);
    CHECK(out.size() == 16);
    rig.engine.stop();
    CHECK(!rig.engine.running());
  }
  REQUIRE(rig.engine.start());
  REQUIRE(rig.engine.remove_input("camera"));
  const auto state = rig.engine.route_state("program");
  REQUIRE(state);
  CHECK(!state->current_input);
  CHECK(!state->armed);
  const auto missing = rig.engine.arm_route("program", std::string("camera"));
  REQUIRE(!missing);
  CHECK(missing.error().code == EngineErrorCode::kNotFound);
  rig.engine.stop();
}

TEST_CASE("one input feeds every output the engine holds, and an output beyond them is refused as over capacity") {
  RingEngine rig;
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  auto group = [](std::size_t o) { return Ipv4Address{static_cast<std::uint32_t>(0xEF140000U + o)}; };  // 239.20.x.y
  for (std::size_t o = 0; o < kMaxOutputs; ++o) {
    const std::string id = "out" + std::to_string(o);
    REQUIRE(rig.engine.add_output(output_on(id, "net", MediaType::kVideo, group(o))));
    REQUIRE(rig.engine.arm_route(id, std::string("camera")));
  }
  const auto refused = rig.engine.add_output(output_on("one-too-many", "net"));
  REQUIRE(!refused);
  CHECK(refused.error().code == EngineErrorCode::kCapacity);

  REQUIRE(rig.engine.start());
  for (std::uint64_t i = 0; i < spec.packets_per_frame; ++i) rig.ring.send(stream.packet(i));
  const std::vector<Frame> sent = rig.ring.wait_sent(kMaxOutputs * spec.packets_per_frame);
  std::map<std::uint32_t, std::size_t> per_group;
  for (const Frame& f : sent) {
    const auto view = st2110::parse_rtp_packet(st2110::Bytes{f});
    if (view) ++per_group[view->ip.destination.value];
  }
  CHECK(per_group.size() == kMaxOutputs);
  for (std::size_t o = 0; o < kMaxOutputs; ++o) CHECK(per_group[group(o).value] == spec.packets_per_frame);
  const EngineStats stats = rig.engine.stats();
  CHECK(stats.outputs.size() == kMaxOutputs);
  for (const OutputStats& out : stats.outputs) CHECK(out.packets == spec.packets_per_frame);
  rig.engine.stop();
}

TEST_CASE("a running port reports the address it sends with and its link; a stopped engine or unknown port says why") {
  RingEngine rig;
  const auto stopped = rig.engine.port_status("net");
  REQUIRE(!stopped);
  CHECK(stopped.error().code == EngineErrorCode::kNotRunning);
  REQUIRE(rig.engine.start());
  const auto status = rig.engine.port_status("net");
  REQUIRE(status);
  CHECK(status->name == "net");
  CHECK(status->mac == st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}});
  CHECK(status->link_up);  // a ring ethdev's link is up once started
  const auto unknown = rig.engine.port_status("nowhere");
  REQUIRE(!unknown);
  CHECK(unknown.error().code == EngineErrorCode::kNotFound);
  rig.engine.stop();
}

TEST_CASE("a burst size beyond what a worker sends at once is refused as over capacity, none at all as invalid") {
  RingPort ring;
  ClockModel clock;
  EngineConfig config = RingEngine::config_for(ring);
  config.workers.burst_size = kMaxBurst + 1;
  Engine too_big(config, clock);
  const auto big = too_big.start();
  REQUIRE(!big);
  CHECK(big.error().code == EngineErrorCode::kCapacity);
  config.workers.burst_size = 0;
  Engine none(config, clock);
  const auto zero = none.start();
  REQUIRE(!zero);
  CHECK(zero.error().code == EngineErrorCode::kInvalidConfig);
  config.workers.burst_size = kMaxBurst;
  Engine largest(config, clock);
  CHECK(largest.start());
  largest.stop();
}

namespace {

struct IgmpRecord {
  std::size_t position = 0;  // index of its frame among everything the port sent
  std::uint8_t type = 0;     // RFC 3376 record type
  std::uint32_t group = 0;
};

// The first group record of every IGMPv3 report among `frames` (the engine sends one record a report).
std::vector<IgmpRecord> igmp_records(const std::vector<Frame>& frames) {
  std::vector<IgmpRecord> records;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto ip = st2110::parse_ipv4(st2110::Bytes{frames[i]}.subspan(14));
    if (!ip || ip->protocol != st2110::kIpProtocolIgmp) continue;
    const std::uint8_t* record = &frames[i][14 + 24 + 8];
    records.push_back(IgmpRecord{i, record[0], st2110::load_be32(record + 4)});
  }
  return records;
}

constexpr std::uint8_t kChangeToInclude = 3;  // an any-source leave
constexpr std::uint8_t kChangeToExclude = 4;  // an any-source join
constexpr std::uint8_t kAllowNewSources = 5;  // a source-specific join

// Sends packets to the engine and keeps every frame it sent back, in order.
struct Exchange {
  RingEngine& rig;
  std::vector<Frame> sent;
  std::uint64_t received = 0;

  void operator()(const std::vector<Frame>& frames) {
    for (const Frame& f : frames) rig.ring.send(f);
    received += frames.size();
    rig.wait_received(received);
    take();
  }
  void operator()(const StreamBuilder& stream, std::uint64_t first, std::uint64_t count) {
    std::vector<Frame> frames;
    for (std::uint64_t i = first; i < first + count; ++i) frames.push_back(stream.packet(i));
    (*this)(frames);
  }
  void take() {
    for (Frame& f : rig.ring.take_sent()) sent.push_back(std::move(f));
  }
  // Waits until the port has sent an IGMP record of `type` for `group`.
  bool wait_for_igmp(std::uint8_t type, Ipv4Address group) {
    return wait_until([&] {
      take();
      for (const IgmpRecord& r : igmp_records(sent)) {
        if (r.type == type && r.group == group.value) return true;
      }
      return false;
    });
  }
};

}  // namespace

TEST_CASE("a retargeted input joins the new flow at once, switches its outputs on the first frame boundary at the time, "
          "then leaves the old flow") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec old_spec;
  old_spec.tag = 0xA;
  StreamSpec new_spec;
  new_spec.tag = 0xB;
  new_spec.destination = Ipv4Address{0xE8010102};  // 232.1.1.2, source-specific
  new_spec.source = Ipv4Address{0xC0000207};       // from 192.0.2.7
  new_spec.packets_per_frame = 6;
  new_spec.first_sequence = 100;
  StreamBuilder old_flow(old_spec);
  StreamBuilder new_flow(new_spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", old_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  REQUIRE(rig.engine.arm_route("program", std::string("camera")));
  Exchange exchange{rig};
  std::vector<Frame>& sent_by_engine = exchange.sent;
  std::vector<Frame> before;
  for (std::uint64_t i = 0; i < 16; ++i) before.push_back(old_flow.packet(i));
  exchange(before);

  const PtpTime at = rig.clock.now().plus(300'000'000);
  const auto followers = rig.engine.retarget_input("camera", {InputLeg{"net", new_spec.destination, 5004, new_spec.source}}, at);
  REQUIRE(followers);
  REQUIRE(followers->size() == 1);
  CHECK(followers->front().output == "program");
  const std::uint64_t request = followers->front().request;
  REQUIRE(rig.engine.route_state("program")->armed);

  // Before the time both flows arrive: the new one is received (joined), the output still sends the old.
  std::vector<Frame> waiting;
  for (std::uint64_t i = 0; i < 12; ++i) {
    waiting.push_back(old_flow.packet(16 + i));
    waiting.push_back(new_flow.packet(i));
  }
  for (std::uint64_t i = 12; i < 16; ++i) waiting.push_back(old_flow.packet(16 + i));  // the old frame ends
  exchange(waiting);
  REQUIRE(rig.clock.now() < at);
  CHECK(rig.engine.stats().inputs.at(0).packets >= 12);  // the new flow, under the input's id
  while (rig.clock.now() < at) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  std::vector<Frame> after;
  for (std::uint64_t i = 0; i < 12; ++i) {
    after.push_back(old_flow.packet(32 + i));
    after.push_back(new_flow.packet(12 + i));
  }
  exchange(after);
  const auto state = rig.engine.route_state("program");
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->request == request);
  CHECK(state->last_landed->landed_at >= at);
  CHECK(state->last_landed->input == std::optional<std::string>("camera"));
  CHECK(state->current_input == std::optional<std::string>("camera"));
  CHECK(!state->armed);

  // The old flow is left once the switch has landed.
  REQUIRE(exchange.wait_for_igmp(kChangeToInclude, old_spec.destination));
  std::optional<std::size_t> new_join;
  std::optional<std::size_t> old_leave;
  for (const IgmpRecord& r : igmp_records(sent_by_engine)) {
    CHECK(!(r.type == kChangeToExclude && r.group == new_spec.destination.value));  // no any-source join
    if (r.type == kAllowNewSources && r.group == new_spec.destination.value) new_join = r.position;
    if (r.type == kChangeToInclude && r.group == old_spec.destination.value) old_leave = r.position;
  }
  REQUIRE(new_join);
  REQUIRE(old_leave);
  // Make-before-break: joined before the output's first packet of the new flow, left after it.
  std::optional<std::size_t> first_new_packet;
  for (std::size_t i = 0; i < sent_by_engine.size() && !first_new_packet; ++i) {
    auto view = st2110::parse_rtp_packet(st2110::Bytes{sent_by_engine[i]});
    if (view && view->ip.destination == kOutputGroup && identify(*view, MediaType::kVideo).tag == 0xB) first_new_packet = i;
  }
  REQUIRE(first_new_packet);
  CHECK(*new_join < *first_new_packet);
  CHECK(*first_new_packet < *old_leave);

  const auto out = rtp_to(sent_by_engine, kOutputGroup);
  require_clean_output(out, MediaType::kVideo);  // whole frames, one continuous output sequence
  std::size_t old_packets = 0;
  std::size_t new_packets = 0;
  for (const auto& view : out) (identify(view, MediaType::kVideo).tag == 0xA ? old_packets : new_packets) += 1;
  CHECK(old_packets == 32);  // the old flow's four frames before the time, and nothing after
  CHECK(new_packets == 12);  // the new flow's frames 2 and 3: the first to start after the time
  CHECK(identify(out[old_packets], MediaType::kVideo).frame == 2);
  CHECK(state->last_landed->output_packet_index == 32);

  // The old flow is no longer received, and its slot holds nothing.
  const std::size_t sent_before = rtp_to(exchange.sent, kOutputGroup).size();
  exchange({old_flow.packet(44)});
  CHECK(rtp_to(exchange.sent, kOutputGroup).size() == sent_before);
  CHECK(rig.engine.stats().ports[0].drops.at(static_cast<std::size_t>(DropReason::kUnmatchedFlow)) >= 1);
  REQUIRE(wait_until([&] { return rig.engine.mbufs_in_use() == 0; }));
  rig.engine.stop();
}

TEST_CASE("retargeting to the same legs changes nothing; to a flow another input takes with other legs, or an unknown "
          "input, says why") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec a_spec;
  StreamSpec b_spec;
  b_spec.destination = Ipv4Address{0xEF010102};
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  const auto routed = rig.engine.arm_route("program", std::string("a"));
  REQUIRE(routed);
  const auto same = rig.engine.retarget_input("a", input_on("a", "net", a_spec).legs);
  REQUIRE(same);
  CHECK(same->empty());
  InputConfig overlapping = input_on("a", "net", b_spec);
  overlapping.legs.push_back(InputLeg{"net", Ipv4Address{0xEF010109}, 5004, std::nullopt});
  const auto taken = rig.engine.retarget_input("a", overlapping.legs);
  REQUIRE(!taken);
  CHECK(taken.error().code == EngineErrorCode::kAlreadyExists);
  CHECK(taken.error().message.find("input 'b'") != std::string::npos);
  const auto unknown = rig.engine.retarget_input("nothing", input_on("a", "net", b_spec).legs);
  REQUIRE(!unknown);
  CHECK(unknown.error().code == EngineErrorCode::kNotFound);
  rig.engine.stop();
}

TEST_CASE("a route withdrawn before it lands leaves the output where it was; a landed one cannot be withdrawn") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  const auto first = rig.engine.arm_route("program", std::string("a"));
  REQUIRE(first);
  for (std::uint64_t i = 0; i < 8; ++i) rig.ring.send(a.packet(i));
  rig.wait_received(8);
  REQUIRE(rig.engine.route_state("program")->last_landed);
  rig.ring.take_sent();

  const auto scheduled = rig.engine.arm_route("program", std::string("b"), rig.clock.now().plus(200'000'000));
  REQUIRE(scheduled);
  const auto withdrawn = rig.engine.cancel_route("program", *scheduled);
  REQUIRE(withdrawn);
  CHECK(*withdrawn);
  auto state = rig.engine.route_state("program");
  CHECK(!state->armed);
  CHECK(state->current_input == std::optional<std::string>("a"));
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // past the withdrawn time
  for (std::uint64_t i = 0; i < 16; ++i) {
    rig.ring.send(a.packet(8 + i));
    rig.ring.send(b.packet(i));
  }
  rig.wait_received(40);
  const auto out = rtp_to(rig.ring.take_sent(), kOutputGroup);
  REQUIRE(out.size() == 16);  // the next two frames of a, none of b
  for (const auto& view : out) CHECK(identify(view, MediaType::kVideo).tag == 0xA);
  require_clean_output(out, MediaType::kVideo);
  state = rig.engine.route_state("program");
  CHECK(state->last_landed->request == *first);  // nothing else landed
  CHECK(state->current_input == std::optional<std::string>("a"));

  const auto landed = rig.engine.cancel_route("program", *first);
  REQUIRE(landed);
  CHECK(!*landed);
  const auto never = rig.engine.cancel_route("program", 999);
  REQUIRE(!never);
  CHECK(never.error().code == EngineErrorCode::kNotFound);
  rig.engine.stop();
}

TEST_CASE("an output moved to new transport parameters or stopped and started keeps its sequence; other outputs are untouched") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  const Ipv4Address other_group{0xEF0A0A0B};
  const Ipv4Address moved_group{0xEF0A0A0C};
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  OutputConfig program = output_on("program", "net");
  REQUIRE(rig.engine.add_output(program));
  REQUIRE(rig.engine.add_output(output_on("monitor", "net", MediaType::kVideo, other_group)));
  REQUIRE(rig.engine.arm_route("program", std::string("camera")));
  REQUIRE(rig.engine.arm_route("monitor", std::string("camera")));
  std::uint64_t next = 0;
  std::vector<Frame> sent;
  auto send_frames = [&](std::uint64_t frames) {
    for (std::uint64_t i = 0; i < frames * spec.packets_per_frame; ++i) rig.ring.send(stream.packet(next++));
    rig.wait_received(next);
    for (Frame& f : rig.ring.take_sent()) sent.push_back(std::move(f));
  };
  send_frames(2);

  program.legs[0].destination = moved_group;
  program.legs[0].destination_port = 5030;
  REQUIRE(rig.engine.update_output(program));
  send_frames(2);
  program.enabled = false;
  REQUIRE(rig.engine.update_output(program));
  send_frames(1);
  program.enabled = true;
  REQUIRE(rig.engine.update_output(program));
  send_frames(1);

  const auto before_move = rtp_to(sent, kOutputGroup);
  const auto after_move = rtp_to(sent, moved_group);
  REQUIRE(before_move.size() == 16);
  REQUIRE(after_move.size() == 24);  // stopped for one frame
  for (const auto& view : after_move) CHECK(view.udp.destination_port == 5030);
  std::vector<st2110::RtpPacketView> program_out = before_move;
  program_out.insert(program_out.end(), after_move.begin(), after_move.end());
  require_clean_output(program_out, MediaType::kVideo);  // one sequence across the move and the pause
  CHECK(identify(after_move[16], MediaType::kVideo).frame == 5);
  const auto monitor = rtp_to(sent, other_group);
  REQUIRE(monitor.size() == 48);
  require_clean_output(monitor, MediaType::kVideo);

  OutputConfig audio = program;
  audio.media = MediaType::kAudio;
  const Status refused = rig.engine.update_output(audio);
  REQUIRE(!refused);
  CHECK(refused.error().code == EngineErrorCode::kInvalidConfig);
  rig.engine.stop();
}

TEST_CASE("an input retargeted to no legs disconnects its outputs at a frame boundary; given legs again, they follow it") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  b_spec.first_sequence = 7;
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("camera", "net", a_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  REQUIRE(rig.engine.arm_route("program", std::string("camera")));
  Exchange exchange{rig};
  exchange(a, 0, 12);  // frame 0 and half of frame 1

  const auto disabled = rig.engine.retarget_input("camera", {});
  REQUIRE(disabled);
  REQUIRE(disabled->size() == 1);
  exchange(a, 12, 12);  // the rest of frame 1 goes out, frame 2 does not
  auto state = rig.engine.route_state("program");
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->request == disabled->front().request);
  CHECK(!state->last_landed->input);
  CHECK(!state->current_input);
  REQUIRE(exchange.wait_for_igmp(kChangeToInclude, a_spec.destination));

  const auto enabled = rig.engine.retarget_input("camera", input_on("camera", "net", b_spec).legs);
  REQUIRE(enabled);
  REQUIRE(enabled->size() == 1);  // the output still follows the input
  exchange(b, 3, 21);  // from mid-frame 0: frames 1 and 2 go out whole
  state = rig.engine.route_state("program");
  CHECK(state->current_input == std::optional<std::string>("camera"));
  CHECK(state->last_landed->request == enabled->front().request);

  const auto out = rtp_to(exchange.sent, kOutputGroup);
  REQUIRE(out.size() == 32);
  require_clean_output(out, MediaType::kVideo);
  CHECK(identify(out[15], MediaType::kVideo).tag == 0xA);
  CHECK(identify(out[16], MediaType::kVideo).tag == 0xB);
  CHECK(identify(out[16], MediaType::kVideo).frame == 1);
  rig.engine.stop();
}

TEST_CASE("a start-up route still waiting for its input's first frame and a scheduled switch armed before it landed "
          "both land, in order: the output is never silent, no frame torn, one sequence") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  b_spec.packets_per_frame = 6;  // frames of the two inputs never line up
  b_spec.first_sequence = 9;
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  const auto startup = rig.engine.arm_route("program", std::string("a"));  // a sends nothing yet
  REQUIRE(startup);
  const PtpTime at = rig.clock.now().plus(300'000'000);
  const auto scheduled = rig.engine.arm_route("program", std::string("b"), at);
  REQUIRE(scheduled);
  auto state = rig.engine.route_state("program");
  REQUIRE(state->queued.size() == 2);
  CHECK(state->queued[0].request == *startup);
  CHECK(state->queued[1].request == *scheduled);

  Exchange exchange{rig};
  exchange(a, 3, 29);  // from mid-frame 0: frames 1-3 go out
  state = rig.engine.route_state("program");
  CHECK(state->current_input == std::optional<std::string>("a"));
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->request == *startup);
  REQUIRE(state->armed);
  CHECK(state->armed->request == *scheduled);
  CHECK(rtp_to(exchange.sent, kOutputGroup).size() == 24);  // not silent until the scheduled time

  while (rig.clock.now() < at) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::vector<Frame> both;
  for (std::uint64_t i = 0; i < 23; ++i) {
    both.push_back(a.packet(32 + i));
    both.push_back(b.packet(1 + i));  // b from mid-frame 0
  }
  exchange(both);
  state = rig.engine.route_state("program");
  CHECK(state->current_input == std::optional<std::string>("b"));
  CHECK(!state->armed);
  const auto first = rig.engine.landing_of("program", *startup);
  const auto second = rig.engine.landing_of("program", *scheduled);
  REQUIRE(first);
  REQUIRE(*first);
  CHECK((*first)->request == *startup);
  REQUIRE(second);
  REQUIRE(*second);
  CHECK((*second)->request == *scheduled);
  CHECK((*first)->landed_at < (*second)->landed_at);
  CHECK(!((*second)->landed_at < at));

  const auto out = rtp_to(exchange.sent, kOutputGroup);
  require_clean_output(out, MediaType::kVideo);
  CHECK(sequence_of(out.front(), MediaType::kVideo) == 0);
  CHECK(identify(out.front(), MediaType::kVideo).frame == 1);
  // a's frames 1-3, then (the time passed between frames) b's first whole frames, 1-3.
  REQUIRE(out.size() == 24 + 18);
  for (std::size_t i = 0; i < 24; ++i) CHECK(identify(out[i], MediaType::kVideo).tag == 0xA);
  for (std::size_t i = 24; i < out.size(); ++i) CHECK(identify(out[i], MediaType::kVideo).tag == 0xB);
  CHECK(identify(out[24], MediaType::kVideo).frame == 1);
  rig.engine.stop();
}

TEST_CASE("withdrawing one of an output's armed switches leaves the others armed; a full queue is refused") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  REQUIRE(rig.engine.add_input(input_on("a", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("b", "net", b_spec)));
  REQUIRE(rig.engine.add_output(output_on("program", "net")));
  Exchange exchange{rig};
  const auto startup = rig.engine.arm_route("program", std::string("a"));
  exchange(a, 0, 8);
  const PtpTime now = rig.clock.now();
  const auto to_b = rig.engine.arm_route("program", std::string("b"), now.plus(150'000'000));
  const auto off = rig.engine.arm_route("program", std::nullopt, now.plus(250'000'000));
  const auto later = rig.engine.arm_route("program", std::string("a"), now.plus(60'000'000'000));
  const auto last = rig.engine.arm_route("program", std::string("a"), now.plus(61'000'000'000));
  REQUIRE((to_b && off && later && last));
  const auto refused = rig.engine.arm_route("program", std::string("b"), now.plus(62'000'000'000));
  REQUIRE(!refused);
  CHECK(refused.error().code == EngineErrorCode::kCapacity);

  const auto withdrawn = rig.engine.cancel_route("program", *to_b);
  REQUIRE(withdrawn);
  CHECK(*withdrawn);
  auto state = rig.engine.route_state("program");
  REQUIRE(state->queued.size() == 3);
  CHECK(state->queued[0].request == *off);
  CHECK(state->queued[1].request == *later);
  CHECK(state->queued[2].request == *last);
  REQUIRE(rig.engine.cancel_route("program", *later));
  REQUIRE(rig.engine.cancel_route("program", *last));

  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // past both times
  for (std::uint64_t i = 0; i < 16; ++i) exchange(std::vector<Frame>{a.packet(8 + i), b.packet(i)});
  const auto out = rtp_to(exchange.sent, kOutputGroup);
  REQUIRE(out.size() == 8);  // a's frame 0, then the disconnect: nothing of b, nothing more of a
  for (const auto& view : out) CHECK(identify(view, MediaType::kVideo).tag == 0xA);
  state = rig.engine.route_state("program");
  CHECK(!state->current_input);
  CHECK(state->last_landed->request == *off);
  CHECK(!*rig.engine.landing_of("program", *to_b));
  CHECK((*rig.engine.landing_of("program", *startup))->request == *startup);
  rig.engine.stop();
}

TEST_CASE("an output moved mid-frame finishes that frame at the old destination and starts the next at the new one; "
          "stopped mid-frame, it stops after the frame") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  const Ipv4Address moved_group{0xEF0A0A0C};
  REQUIRE(rig.engine.add_input(input_on("camera", "net", spec)));
  OutputConfig program = output_on("program", "net");
  REQUIRE(rig.engine.add_output(program));
  REQUIRE(rig.engine.arm_route("program", std::string("camera")));
  Exchange exchange{rig};
  exchange(stream, 0, 12);  // frame 0 and half of frame 1

  program.legs[0].destination = moved_group;
  program.legs[0].destination_port = 5030;
  REQUIRE(rig.engine.update_output(program));
  CHECK(!*rig.engine.moved_at("program"));  // frame 1 goes on at the old address
  exchange(stream, 12, 20);                 // the rest of frame 1, frames 2 and 3
  const auto moved = rig.engine.moved_at("program");
  REQUIRE(moved);
  REQUIRE(*moved);

  exchange(stream, 32, 4);  // half of frame 4
  program.enabled = false;
  REQUIRE(rig.engine.update_output(program));
  exchange(stream, 36, 16);  // the rest of frame 4 goes out; frame 5 and half of frame 6 do not
  program.enabled = true;
  REQUIRE(rig.engine.update_output(program));
  exchange(stream, 52, 12);  // started mid-frame 6: it starts with frame 7

  const auto before = rtp_to(exchange.sent, kOutputGroup);
  const auto after = rtp_to(exchange.sent, moved_group);
  REQUIRE(before.size() == 16);  // frames 0 and 1 whole
  CHECK(identify(before.back(), MediaType::kVideo).frame == 1);
  CHECK(before.back().rtp.marker);
  REQUIRE(after.size() == 8 * 3 + 8);  // frames 2-4, then 7
  CHECK(identify(after.front(), MediaType::kVideo).frame == 2);
  CHECK(identify(after.front(), MediaType::kVideo).packet == 0);
  for (const auto& view : after) CHECK(view.udp.destination_port == 5030);
  std::vector<st2110::RtpPacketView> program_out = before;
  program_out.insert(program_out.end(), after.begin(), after.end());
  require_clean_output(program_out, MediaType::kVideo);  // one sequence across the move and the pause
  CHECK(identify(after[24], MediaType::kVideo).frame == 7);
  rig.engine.stop();
}

TEST_CASE("two inputs receiving the same flow share it: each feeds its own outputs, and either can move on alone") {
  RingEngine rig;
  REQUIRE(rig.engine.start());
  const StreamSpec a_spec = tagged_stream(0xA);
  StreamSpec b_spec = tagged_stream(0xB);
  b_spec.destination = Ipv4Address{0xEF010102};
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  const Ipv4Address second_group{0xEF0A0A0B};
  REQUIRE(rig.engine.add_input(input_on("first", "net", a_spec)));
  REQUIRE(rig.engine.add_input(input_on("second", "net", a_spec)));  // the same flow
  REQUIRE(rig.engine.add_output(output_on("one", "net")));
  REQUIRE(rig.engine.add_output(output_on("two", "net", MediaType::kVideo, second_group)));
  REQUIRE(rig.engine.arm_route("one", std::string("first")));
  REQUIRE(rig.engine.arm_route("two", std::string("second")));
  Exchange exchange{rig};
  exchange(a, 0, 16);
  CHECK(rig.engine.route_state("one")->current_input == std::optional<std::string>("first"));
  CHECK(rig.engine.route_state("two")->current_input == std::optional<std::string>("second"));
  const EngineStats stats = rig.engine.stats();
  CHECK(stats.inputs[0].packets == 16);
  CHECK(stats.inputs[1].packets == 16);

  // The second moves to another flow; the first keeps the shared one.
  const auto moved = rig.engine.retarget_input("second", input_on("second", "net", b_spec).legs);
  REQUIRE(moved);
  REQUIRE(moved->size() == 1);
  CHECK(moved->front().output == "two");
  for (std::uint64_t i = 0; i < 16; ++i) exchange(std::vector<Frame>{a.packet(16 + i), b.packet(i)});
  // Back onto the flow the first receives, then removed: its output stops, the first's goes on.
  REQUIRE(rig.engine.retarget_input("second", input_on("second", "net", a_spec).legs));
  exchange(a, 32, 8);
  REQUIRE(rig.engine.remove_input("second"));
  exchange(a, 40, 8);

  const auto one = rtp_to(exchange.sent, kOutputGroup);
  REQUIRE(one.size() == 48);
  require_clean_output(one, MediaType::kVideo);
  for (const auto& view : one) CHECK(identify(view, MediaType::kVideo).tag == 0xA);
  const auto two = rtp_to(exchange.sent, second_group);
  require_clean_output(two, MediaType::kVideo);
  REQUIRE(two.size() == 16 + 16 + 8);  // a's frames 0-1, b's frames 0-1, a's frame 4; nothing after removal
  CHECK(identify(two[16], MediaType::kVideo).tag == 0xB);
  CHECK(identify(two[32], MediaType::kVideo).tag == 0xA);
  CHECK(identify(two[32], MediaType::kVideo).frame == 4);

  // A flow shared with other legs cannot be: refused, naming the input that has it.
  InputConfig pair = input_on("pair", "net", a_spec);
  pair.legs.push_back(InputLeg{"net", Ipv4Address{0xEF010109}, 5004, std::nullopt});
  const Status overlap = rig.engine.add_input(pair);
  REQUIRE(!overlap);
  CHECK(overlap.error().code == EngineErrorCode::kAlreadyExists);
  CHECK(overlap.error().message.find("'first'") != std::string::npos);
  rig.engine.stop();
}
