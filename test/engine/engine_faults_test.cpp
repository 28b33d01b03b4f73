// Faults injected into a running engine on a real EAL: an ST 2022-7 leg that dies and comes back, an input
// that stops altogether and resumes, a mempool that runs dry, and (in a network namespace) a port whose link
// goes down and comes back. Each time the engine keeps running, says what happened and recovers.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "skip.hpp"
#include "test_dpdk.hpp"
#include "two_port_rig.hpp"
#include "veth_namespace.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;
using st2110::MediaType;

namespace {

constexpr auto kMempoolExhausted = static_cast<std::size_t>(DropReason::kMempoolExhausted);

InputConfig input_on(const std::string& id, const StreamSpec& spec, std::vector<std::string> ports) {
  InputConfig input;
  input.id = id;
  for (const std::string& port : ports) input.legs.push_back(InputLeg{port, spec.destination, spec.udp_port, std::nullopt});
  return input;
}

const InputStats& input_named(const EngineStats& stats, const std::string& id) {
  for (const InputStats& input : stats.inputs) {
    if (input.id == id) return input;
  }
  FAIL("no input " << id);
  return stats.inputs.front();
}

const OutputStats& output_named(const EngineStats& stats, const std::string& id) {
  for (const OutputStats& output : stats.outputs) {
    if (output.id == id) return output;
  }
  FAIL("no output " << id);
  return stats.outputs.front();
}

// The output's packets renumber without a gap and carry the input packets `first`, `first + 1`, ... except
// the ones in `missing`.
void require_continuous(const std::vector<st2110::RtpPacketView>& out, const StreamSpec& spec, std::uint64_t first,
                        const std::set<std::uint64_t>& missing = {}) {
  REQUIRE(!out.empty());
  const std::uint32_t first_sequence = sequence_of(out.front(), MediaType::kVideo);
  std::uint64_t expected = first;
  for (std::size_t i = 0; i < out.size(); ++i) {
    while (missing.count(expected) != 0) ++expected;
    REQUIRE(sequence_of(out[i], MediaType::kVideo) == first_sequence + i);
    const PacketIdentity id = identify(out[i], MediaType::kVideo);
    REQUIRE(id.tag == spec.tag);
    REQUIRE(id.frame * spec.packets_per_frame + id.packet == expected);
    ++expected;
  }
}

}  // namespace

TEST_CASE("a 2022-7 leg that dies mid-stream and comes back: the output stays whole from the other leg, "
          "the dead leg's counters show the outage and resume") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input = input_on("protected", spec, {"red", "blue"});
  input.merge_window_packets = 1024;
  REQUIRE(rig.engine.add_input(input));
  const Ipv4Address group{0xEF151515};
  REQUIRE(rig.engine.add_output(output_to("out", "red", group)));
  REQUIRE(rig.engine.arm_route("out", std::string("protected")));

  // Blue dies at packet 20, in the middle of frame 2, and comes back at packet 61, in the middle of frame 7.
  constexpr std::uint64_t kPackets = 96;
  constexpr std::uint64_t kDies = 20;
  constexpr std::uint64_t kBack = 61;
  std::uint64_t sent = 0;
  std::uint64_t blue_during_outage = 0;
  for (std::uint64_t i = 0; i < kPackets; ++i) {
    rig.red.send(stream.packet(i));
    ++sent;
    if (i < kDies || i >= kBack) {
      rig.blue.send(stream.packet(i));
      ++sent;
    }
    rig.wait_received(sent);
    if (i == kBack - 1) blue_during_outage = rig.engine.stats().inputs[0].legs[1].packets;
  }
  REQUIRE(wait_until([&] { return rig.engine.stats().outputs[0].packets >= kPackets; }));
  const auto out = rtp_packets(rig.red.take_sent(), group);
  REQUIRE(out.size() == kPackets);
  require_continuous(out, spec, 0);

  const EngineStats stats = rig.engine.stats();
  const InputStats& merged = stats.inputs[0];
  CHECK(merged.packets == kPackets);
  CHECK(merged.lost == 0);
  CHECK(merged.sequence_errors == 0);
  CHECK(blue_during_outage == kDies);                              // nothing came on blue while it was dead
  CHECK(merged.legs[1].packets == kDies + (kPackets - kBack));     // and it counts again since it came back
  CHECK(merged.legs[1].lost == kBack - kDies);                     // the outage, in packets
  CHECK(merged.legs[0].recovered == 0);
  CHECK(merged.legs[0].packets == kPackets);
  CHECK(merged.legs[0].lost == 0);
  rig.engine.stop();
}

TEST_CASE("an input whose packets stop altogether mid-frame and resume: the output resumes with its sequence "
          "continuous, the gap counted, and a switch armed meanwhile lands") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  StreamSpec camera_spec;
  StreamBuilder camera(camera_spec);
  StreamSpec backup_spec;
  backup_spec.tag = 2;
  backup_spec.destination = Ipv4Address{0xEF010102};
  backup_spec.ssrc = 0x2222;
  StreamBuilder backup(backup_spec);
  REQUIRE(rig.engine.add_input(input_on("camera", camera_spec, {"red"})));
  REQUIRE(rig.engine.add_input(input_on("backup", backup_spec, {"blue"})));
  const Ipv4Address group{0xEF161616};
  REQUIRE(rig.engine.add_output(output_to("out", "red", group)));
  REQUIRE(rig.engine.arm_route("out", std::string("camera")));

  // Three frames and half of the fourth, then nothing: packets 28..59 never arrive.
  constexpr std::uint64_t kStops = 28;
  constexpr std::uint64_t kResumes = 60;
  constexpr std::uint64_t kEnd = 94;
  std::uint64_t sent = 0;
  for (std::uint64_t i = 0; i < kStops; ++i, ++sent) rig.red.send(camera.packet(i));
  rig.wait_received(sent);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // silence: the engine just waits
  CHECK(rig.engine.running());
  CHECK(input_named(rig.engine.stats(), "camera").packets == kStops);
  for (std::uint64_t i = kResumes; i < kEnd; ++i, ++sent) rig.red.send(camera.packet(i));
  rig.wait_received(sent);
  REQUIRE(wait_until([&] { return rig.engine.stats().outputs[0].packets >= kStops + (kEnd - kResumes); }));
  auto out = rtp_packets(rig.red.take_sent(), group);
  REQUIRE(out.size() == kStops + (kEnd - kResumes));
  std::set<std::uint64_t> never_sent;
  for (std::uint64_t i = kStops; i < kResumes; ++i) never_sent.insert(i);
  require_continuous(out, camera_spec, 0, never_sent);  // the output's sequence has no gap where the input had
  EngineStats stats = rig.engine.stats();
  const InputStats& resumed = input_named(stats, "camera");
  CHECK(resumed.packets == kStops + (kEnd - kResumes));
  CHECK(resumed.lost == kResumes - kStops);
  CHECK(resumed.sequence_errors == 1);
  CHECK(stats.outputs[0].packets == out.size());

  // It stops again, this time inside frame 11 (packets 88..93 were its first six), and a switch to the
  // backup is armed while it is silent: the camera's frame never ends, so the switch cuts once the camera
  // has been silent long enough, at the backup's next frame start.
  const std::uint32_t last_sequence = sequence_of(out.back(), MediaType::kVideo);
  const auto request = rig.engine.arm_route("out", std::string("backup"));
  REQUIRE(request);
  std::uint64_t backup_next = 3;  // the backup is mid-frame when it is first heard
  const bool landed = wait_until([&] {
    rig.blue.send(backup.packet(backup_next++));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const auto landing = rig.engine.landing_of("out", *request);
    return landing && landing->has_value();
  });
  REQUIRE(landed);
  for (std::uint64_t i = 0; i < 8; ++i) rig.blue.send(backup.packet(backup_next++));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[1].rx_packets >= backup_next - 3; }));
  out = rtp_packets(rig.red.take_sent(), group);
  REQUIRE(out.size() >= 8);
  const PacketIdentity first = identify(out.front(), MediaType::kVideo);
  CHECK(first.tag == backup_spec.tag);
  CHECK(first.packet == 0);  // the backup starts at a frame start
  CHECK(sequence_of(out.front(), MediaType::kVideo) == last_sequence + 1);
  for (std::size_t i = 0; i < out.size(); ++i) CHECK(sequence_of(out[i], MediaType::kVideo) == last_sequence + 1 + i);
  stats = rig.engine.stats();
  CHECK(stats.outputs[0].switches == 2);
  rig.engine.stop();
}

TEST_CASE("a mempool that runs dry drops fan-out copies as mempool_exhausted; once the mbufs return the engine "
          "fans out whole again and holds no more mbufs than before") {
  // 127 header mbufs and no per-lcore cache: a fan-out copy takes two (header and payload reference), and the
  // copies sent wait in the test's ring until it reads them.
  TwoPortRig rig([](EngineConfig& c) {
    c.mempools.header_mbufs = 127;
    c.mempools.cache_size = 0;
  });
  REQUIRE(rig.engine.start());
  const std::uint64_t baseline = rig.engine.mbufs_in_use();
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(rig.engine.add_input(input_on("camera", spec, {"red"})));
  const Ipv4Address copy_group{0xEF171701};
  const Ipv4Address last_group{0xEF171702};
  REQUIRE(rig.engine.add_output(output_to("copy", "blue", copy_group)));
  REQUIRE(rig.engine.add_output(output_to("last", "blue", last_group)));
  REQUIRE(rig.engine.arm_route("copy", std::string("camera")));
  REQUIRE(rig.engine.arm_route("last", std::string("camera")));

  constexpr std::uint64_t kDry = 8 * 12;  // more copies than the pool holds
  for (std::uint64_t i = 0; i < kDry; ++i) rig.red.send(stream.packet(i));
  rig.wait_received(kDry);
  EngineStats stats = rig.engine.stats();
  const OutputStats& copy = output_named(stats, "copy");
  const OutputStats& last = output_named(stats, "last");
  const std::uint64_t exhausted = copy.drops[kMempoolExhausted] + last.drops[kMempoolExhausted];
  INFO("copies sent " << copy.packets << " + " << last.packets << ", dropped for want of an mbuf " << exhausted);
  CHECK(exhausted > 0);
  CHECK(copy.packets + last.packets + exhausted == 2 * kDry);  // every packet sent or counted, none lost quietly
  CHECK(copy.packets + last.packets >= kDry);                  // the last output takes the received mbuf itself
  CHECK(rig.engine.running());

  // The test reads what was sent (and the input's IGMP join): the mbufs go back to the pool and the next
  // frames fan out whole.
  rig.blue.take_sent();
  rig.red.take_sent();
  REQUIRE(wait_until([&] { return rig.engine.mbufs_in_use() == baseline; }));
  constexpr std::uint64_t kAfter = 8 * 4;
  for (std::uint64_t i = kDry; i < kDry + kAfter; ++i) rig.red.send(stream.packet(i));
  rig.wait_received(kDry + kAfter);
  REQUIRE(wait_until([&] {
    const EngineStats s = rig.engine.stats();
    return s.outputs[0].packets + s.outputs[1].packets >= copy.packets + last.packets + 2 * kAfter;
  }));
  const auto after = rtp_packets(rig.blue.take_sent());
  std::size_t to_copy = 0;
  std::size_t to_last = 0;
  for (const auto& view : after) {
    to_copy += view.ip.destination == copy_group ? 1 : 0;
    to_last += view.ip.destination == last_group ? 1 : 0;
  }
  CHECK(to_copy == kAfter);
  CHECK(to_last == kAfter);
  const EngineStats recovered = rig.engine.stats();
  std::uint64_t exhausted_after = 0;
  for (const OutputStats& o : recovered.outputs) exhausted_after += o.drops[kMempoolExhausted];
  CHECK(exhausted_after == exhausted);  // no new drops once the mbufs were back
  rig.blue.take_sent();
  rig.red.take_sent();
  CHECK(wait_until([&] { return rig.engine.mbufs_in_use() == baseline; }));
  rig.engine.stop();
}

TEST_CASE("a port whose link goes down and comes back (net_af_packet on a veth pair): the engine sees it, keeps "
          "running and traffic resumes", "[needs-netns]") {
  ensure_eal();
  VethNamespace veth;
  if (!veth.ready) {
    CROSSPOINT_SKIP("cannot create a network namespace with a veth pair (needs root and CAP_NET_ADMIN)");
  }
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"live", "net_af_packet_xpf,iface=" + veth.outside, std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  StreamSpec spec;
  StreamBuilder stream(spec);
  REQUIRE(engine.add_input(input_on("camera", spec, {"live"})));
  REQUIRE(engine.add_output(output_to("program", "live", Ipv4Address{0xEF090909})));
  REQUIRE(engine.arm_route("program", std::string("camera")));
  REQUIRE(engine.start());
  const auto frames = [&](std::uint64_t from, std::uint64_t count) {
    std::vector<Frame> f;
    for (std::uint64_t i = from; i < from + count; ++i) f.push_back(stream.packet(i));
    return f;
  };
  constexpr std::uint64_t kBurst = 8 * 5;
  const auto input_packets = [&] { return engine.stats().inputs[0].packets; };
  const auto output_packets = [&] { return engine.stats().outputs[0].packets; };

  CHECK(engine.port_status("live")->link_up);
  CHECK(engine.stats().ports[0].link_up);
  REQUIRE(send_in_namespace(veth, frames(0, kBurst)));
  REQUIRE(wait_until([&] { return input_packets() >= kBurst && output_packets() >= kBurst; }));

  REQUIRE(run("ip link set " + veth.outside + " down") == 0);
  CHECK(wait_until([&] { return !engine.stats().ports[0].link_up; }, std::chrono::seconds(3)));
  CHECK(!engine.port_status("live")->link_up);
  CHECK(engine.stats().ports[0].link_downs == 1);
  (void)send_in_namespace(veth, frames(kBurst, kBurst));  // into a link that is down: nothing arrives
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(engine.running());
  CHECK(input_packets() == kBurst);

  REQUIRE(run("ip link set " + veth.outside + " up") == 0);
  CHECK(wait_until([&] { return engine.stats().ports[0].link_up; }, std::chrono::seconds(5)));
  CHECK(engine.port_status("live")->link_up);
  // Once the pair has carrier again, the flow comes through and is routed as before.
  const bool resumed = wait_until(
      [&, next = 2 * kBurst]() mutable {
        (void)send_in_namespace(veth, frames(next, 8));
        next += 8;
        return input_packets() >= kBurst + 8 && output_packets() >= kBurst + 8;
      },
      std::chrono::seconds(10));
  CHECK(resumed);
  const EngineStats stats = engine.stats();
  CHECK(stats.ports[0].link_downs == 1);
  CHECK(stats.inputs[0].lost > 0);  // the packets sent while the link was down, counted as a gap
  engine.stop();
}
