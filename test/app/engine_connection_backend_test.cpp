// IS-05 staging and activation (ConnectionService::patch, the path HTTP takes) carried out by the engine.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "engine_connection_backend.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

namespace {

const Ipv4Address kPortAddress{0xC0000264};  // 192.0.2.100
const Ipv4Address kOutputGroup{0xEF0A0A0A};  // 239.10.10.10
const std::string kReceiverId = "a1b2c3d4-0000-4000-8000-000000000001";
const std::string kSenderId = "a1b2c3d4-0000-4000-8000-000000000002";

OutputConfig program_output() {
  OutputConfig output;
  output.id = "pgm";
  output.legs.push_back(OutputLeg{"net", kOutputGroup, std::nullopt, std::nullopt, 5010, 5020});
  output.ssrc = 0x1234;
  return output;
}

nmos::ConnectionDescription description() {
  nmos::ConnectionDescription d;
  d.interfaces.push_back(nmos::ConnectionInterface{"net", "192.0.2.100", "02-00-00-00-00-64"});
  nmos::ReceiverConnection receiver;
  receiver.id = kReceiverId;
  receiver.input = "cam";
  receiver.interfaces = {"net"};
  d.receivers.push_back(receiver);
  nmos::SenderConnection sender;
  sender.id = kSenderId;
  sender.output = "pgm";
  sender.interfaces = {"net"};
  sender.destinations = {"239.10.10.10"};
  sender.destination_port = 5020;
  sender.source_port = 5010;
  d.senders.push_back(sender);
  return d;
}

nmos::ConnectionReply patch(nmos::ConnectionService& service, nmos::ConnectionKind kind, const std::string& id,
                            const std::string& body) {
  std::promise<nmos::ConnectionReply> reply;
  auto answered = reply.get_future();
  service.patch(kind, id, body, [&reply](nmos::ConnectionReply r) { reply.set_value(std::move(r)); });
  REQUIRE(answered.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return answered.get();
}

}  // namespace

TEST_CASE("a receiver PATCHed onto another flow with a relative activation: the engine switches its output there") {
  RingPort ring;
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"net", ring.name(), st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}}, kPortAddress});
  Engine engine(config, clock);
  REQUIRE(engine.start());
  StreamSpec old_spec;
  old_spec.tag = 0xA;
  StreamSpec new_spec;
  new_spec.tag = 0xB;
  new_spec.destination = Ipv4Address{0xEF010102};  // 239.1.1.2
  InputConfig input;
  input.id = "cam";
  input.legs.push_back(InputLeg{"net", old_spec.destination, 5004, std::nullopt});
  REQUIRE(engine.add_input(input));
  REQUIRE(engine.add_output(program_output()));
  REQUIRE(engine.arm_route("pgm", std::string("cam")));
  // The output is on the old flow (frame 0) when the controller PATCHes, so what it sends before the
  // activation time is the old flow's frames 1-2.
  StreamBuilder warm(old_spec);
  for (std::uint64_t i = 0; i < 8; ++i) ring.send(warm.packet(i));
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= 8; }));
  REQUIRE(engine.route_state("pgm")->last_landed);
  ring.take_sent();
  app::EngineConnectionBackend backend(engine, clock, {program_output()});
  nmos::ConnectionService service(description(), backend, clock);

  const auto reply = patch(service, nmos::ConnectionKind::kReceiver, kReceiverId, R"({
    "master_enable": true,
    "activation": {"mode": "activate_scheduled_relative", "requested_time": "0:200000000"},
    "transport_params": [{"multicast_ip": "239.1.1.2", "interface_ip": "192.0.2.100", "destination_port": 5004}]
  })");
  INFO(reply.body);
  REQUIRE(reply.status == 202);
  const auto staged = nlohmann::json::parse(reply.body);
  const PtpTime activation_time = *PtpTime::parse_nmos(staged["activation"]["activation_time"].get<std::string>());

  {
    const auto armed = engine.route_state("pgm");
    REQUIRE(armed->armed);
    REQUIRE(armed->armed->at);
    CHECK(*armed->armed->at == activation_time);
    CHECK(clock.now() < activation_time);
  }
  StreamBuilder old_flow(old_spec);
  StreamBuilder new_flow(new_spec);
  std::uint64_t received = 8;
  auto send_both = [&](std::uint64_t first, std::uint64_t count) {
    for (std::uint64_t i = first; i < first + count; ++i) {
      ring.send(old_flow.packet(8 + i));
      ring.send(new_flow.packet(i));
    }
    received += 2 * count;
    REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= received; }));
  };
  send_both(0, 16);
  while (clock.now() < activation_time) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  send_both(16, 16);

  // Once the engine has landed the switch, IS-05 says so at once: /active shows it and a PATCH is not
  // refused as pending, however late the backend's watcher runs.
  REQUIRE(wait_until([&] {
    const auto landed = engine.route_state("pgm")->last_landed;
    return landed && !(landed->landed_at < activation_time);
  }));
  const auto next = patch(service, nmos::ConnectionKind::kReceiver, kReceiverId, R"({"master_enable": true})");
  INFO(next.body);
  CHECK(next.status == 200);
  const auto active = nlohmann::json::parse(*service.active(nmos::ConnectionKind::kReceiver, kReceiverId));
  CHECK(active["transport_params"][0]["multicast_ip"] == "239.1.1.2");
  CHECK(active["master_enable"] == true);
  const auto state = engine.route_state("pgm");
  REQUIRE(state->last_landed);
  CHECK(state->last_landed->landed_at >= activation_time);
  CHECK(state->current_input == std::optional<std::string>("cam"));
  std::vector<std::uint8_t> tags;
  for (const Frame& f : ring.take_sent()) {
    auto view = st2110::parse_rtp_packet(st2110::Bytes{f});
    if (view && view->ip.destination == kOutputGroup) tags.push_back(identify(*view, st2110::MediaType::kVideo).tag);
  }
  std::string order;
  for (const std::uint8_t t : tags) order += t == 0xA ? 'A' : 'B';
  INFO(order);
  REQUIRE(tags.size() == 32);  // frames 1-2 of the old flow, then frames 2-3 of the new
  CHECK(std::count(tags.begin(), tags.begin() + 16, 0xA) == 16);
  CHECK(std::count(tags.begin() + 16, tags.end(), 0xB) == 16);
  engine.stop();
}

namespace {

const std::string kSecondReceiverId = "a1b2c3d4-0000-4000-8000-000000000003";

// Two inputs, each with a receiver and an output that follows it.
struct TwoChannels {
  RingPort ring;
  ClockModel clock;
  Engine engine;

  TwoChannels() : engine(config_for(ring), clock) {}
  static EngineConfig config_for(const RingPort& ring) {
    EngineConfig config = test_engine_config();
    config.ports.push_back(PortConfig{"net", ring.name(), st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}}, kPortAddress});
    return config;
  }
  static OutputConfig second_output() {
    OutputConfig output = program_output();
    output.id = "pgm2";
    output.legs[0].destination = Ipv4Address{0xEF0A0A0B};
    return output;
  }
  static nmos::ConnectionDescription two_receivers() {
    nmos::ConnectionDescription d = description();
    nmos::ReceiverConnection second = d.receivers.front();
    second.id = kSecondReceiverId;
    second.input = "cam2";
    d.receivers.push_back(second);
    return d;
  }
};

}  // namespace

TEST_CASE("two receivers activated onto the same multicast flow both take it and feed their own outputs") {
  TwoChannels rig;
  REQUIRE(rig.engine.start());
  InputConfig cam;
  cam.id = "cam";
  cam.legs.push_back(InputLeg{"net", Ipv4Address{0xEF010101}, 5004, std::nullopt});
  InputConfig cam2 = cam;
  cam2.id = "cam2";
  cam2.legs[0].destination = Ipv4Address{0xEF010103};
  REQUIRE(rig.engine.add_input(cam));
  REQUIRE(rig.engine.add_input(cam2));
  REQUIRE(rig.engine.add_output(program_output()));
  REQUIRE(rig.engine.add_output(TwoChannels::second_output()));
  REQUIRE(rig.engine.arm_route("pgm", std::string("cam")));
  REQUIRE(rig.engine.arm_route("pgm2", std::string("cam2")));
  app::EngineConnectionBackend backend(rig.engine, rig.clock, {program_output(), TwoChannels::second_output()});
  nmos::ConnectionService service(TwoChannels::two_receivers(), backend, rig.clock);

  const std::string onto_shared_flow = R"({
    "master_enable": true,
    "activation": {"mode": "activate_immediate"},
    "transport_params": [{"multicast_ip": "239.1.1.2", "interface_ip": "192.0.2.100", "destination_port": 5004}]
  })";
  for (const std::string& receiver : {kReceiverId, kSecondReceiverId}) {
    const auto reply = patch(service, nmos::ConnectionKind::kReceiver, receiver, onto_shared_flow);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
  }
  StreamSpec spec;
  spec.destination = Ipv4Address{0xEF010102};
  StreamBuilder flow(spec);
  for (std::uint64_t i = 0; i < 16; ++i) rig.ring.send(flow.packet(i));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].rx_packets >= 16; }));
  std::size_t to_first = 0;
  std::size_t to_second = 0;
  for (const Frame& f : rig.ring.take_sent()) {
    auto view = st2110::parse_rtp_packet(st2110::Bytes{f});
    if (!view) continue;
    if (view->ip.destination == kOutputGroup) ++to_first;
    if (view->ip.destination == Ipv4Address{0xEF0A0A0B}) ++to_second;
  }
  CHECK(to_first == 16);
  CHECK(to_second == 16);
  CHECK(rig.engine.route_state("pgm")->current_input == std::optional<std::string>("cam"));
  CHECK(rig.engine.route_state("pgm2")->current_input == std::optional<std::string>("cam2"));
  rig.engine.stop();
}

TEST_CASE("a sender moved by an immediate activation mid-frame sends that frame whole at the old address and the "
          "next at the new one: no frame lost, one sequence") {
  TwoChannels rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  InputConfig cam;
  cam.id = "cam";
  cam.legs.push_back(InputLeg{"net", spec.destination, 5004, std::nullopt});
  REQUIRE(rig.engine.add_input(cam));
  REQUIRE(rig.engine.add_output(program_output()));
  REQUIRE(rig.engine.arm_route("pgm", std::string("cam")));
  app::EngineConnectionBackend backend(rig.engine, rig.clock, {program_output()});
  nmos::ConnectionService service(description(), backend, rig.clock);
  StreamBuilder flow(spec);
  std::uint64_t next = 0;
  auto send = [&](std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) rig.ring.send(flow.packet(next++));
    REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].rx_packets >= next; }));
  };
  send(12);  // frame 0 and half of frame 1

  std::promise<nmos::ConnectionReply> replied;
  auto answer = replied.get_future();
  service.patch(nmos::ConnectionKind::kSender, kSenderId, R"({
    "master_enable": true,
    "activation": {"mode": "activate_immediate"},
    "transport_params": [{"destination_ip": "239.10.10.12", "destination_port": 5030}]
  })", [&replied](nmos::ConnectionReply r) { replied.set_value(std::move(r)); });
  const PtpTime asked = rig.clock.now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  send(20);  // the rest of frame 1, frames 2 and 3
  REQUIRE(answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  const auto reply = answer.get();
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  const auto moved = rig.engine.moved_at("pgm");
  REQUIRE(moved);
  REQUIRE(*moved);
  CHECK(asked < **moved);
  const auto active = nlohmann::json::parse(reply.body);
  CHECK(*PtpTime::parse_nmos(active["activation"]["activation_time"].get<std::string>()) == **moved);

  std::vector<std::uint32_t> old_frames;
  std::vector<std::uint32_t> new_frames;
  std::vector<std::uint32_t> sequence;
  for (const Frame& f : rig.ring.take_sent()) {
    auto view = st2110::parse_rtp_packet(st2110::Bytes{f});
    if (!view) continue;
    const auto id = identify(*view, st2110::MediaType::kVideo);
    if (view->ip.destination == kOutputGroup) old_frames.push_back(id.frame);
    else if (view->ip.destination == Ipv4Address{0xEF0A0A0C}) new_frames.push_back(id.frame);
    else continue;
    sequence.push_back(sequence_of(*view, st2110::MediaType::kVideo));
  }
  REQUIRE(old_frames.size() == 16);  // frames 0 and 1, whole
  CHECK(old_frames.back() == 1);
  REQUIRE(new_frames.size() == 16);  // frames 2 and 3, whole
  CHECK(new_frames.front() == 2);
  for (std::size_t i = 0; i < sequence.size(); ++i) CHECK(sequence[i] == i);
  rig.engine.stop();
}
