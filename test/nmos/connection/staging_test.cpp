// IS-05 staging and activation rules without HTTP: constraints per leg from the node's interfaces, `auto`
// resolved into /active, a PATCH judged as a whole (any bad field: refused, naming it), transport files read
// and checked against what a receiver accepts, scheduled activations at TAI times, sender SDP generated.
#include <catch2/catch.hpp>

#include <memory>

#include <nlohmann/json.hpp>

#include "connection_fixture.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "nmos/connection/activation.hpp"
#include "nmos/connection/connection_endpoint.hpp"
#include "nmos/connection/receiver_rules.hpp"
#include "nmos/connection/sender_rules.hpp"
#include "nmos/connection/sender_transport_file.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::connection;
using nlohmann::json;

namespace {

const ConnectionDescription kNode = test::sample_connections();
const PtpTime kNow{1'700'000'000, 500'000'000};

ConnectionEndpoint video_sender() {
  return ConnectionEndpoint(std::make_shared<const SenderRules>(kNode.senders[0], kNode.interfaces));
}
ConnectionEndpoint video_receiver() {
  return ConnectionEndpoint(std::make_shared<const ReceiverRules>(kNode.receivers[0], kNode.interfaces));
}

std::string refusal(const ConnectionEndpoint& endpoint, const json& body) {
  const auto plan = endpoint.plan(body, kNow);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().status == 400);
  return plan.error().error;
}

}  // namespace

TEST_CASE("an ST 2022-7 sender has two legs, each constrained to its own interface's address") {
  const ConnectionEndpoint sender = video_sender();
  const json constraints = sender.rules().constraints();
  REQUIRE(constraints.size() == 2);
  CHECK(constraints[0]["source_ip"]["enum"] == json::array({"192.168.10.5"}));
  CHECK(constraints[1]["source_ip"]["enum"] == json::array({"192.168.20.5"}));
  CHECK(constraints[0]["destination_port"] == json({{"minimum", 1024}, {"maximum", 65535}}));
  for (const char* key : {"source_ip", "destination_ip", "source_port", "destination_port", "rtp_enabled"})
    CHECK(constraints[0].contains(key));
}

TEST_CASE("a receiver's legs are constrained to its interfaces; multicast receivers to multicast groups") {
  const ConnectionEndpoint receiver = video_receiver();
  const json constraints = receiver.rules().constraints();
  REQUIRE(constraints.size() == 2);
  CHECK(constraints[1]["interface_ip"]["enum"] == json::array({"192.168.20.5"}));
  CHECK(constraints[0]["multicast_ip"].contains("pattern"));
}

TEST_CASE("a multicast sender may be pointed at a unicast receiver") {
  const ConnectionEndpoint sender = video_sender();
  const auto plan = sender.plan({{"transport_params", {{{"destination_ip", "192.168.30.9"}}, json::object()}}}, kNow);
  REQUIRE(plan);
  CHECK(plan->staged["transport_params"][0]["destination_ip"] == "192.168.30.9");
}

TEST_CASE("staged starts at auto and active shows every auto resolved") {
  const ConnectionEndpoint sender = video_sender();
  CHECK(sender.staged()["transport_params"][1]["destination_ip"] == "auto");
  const json& active = sender.active()["transport_params"];
  CHECK(active[0]["source_ip"] == "192.168.10.5");
  CHECK(active[1]["source_ip"] == "192.168.20.5");
  CHECK(active[1]["destination_ip"] == "239.20.0.1");
  CHECK(active[0]["destination_port"] == 5004);
  for (const json& leg : active)
    for (const auto& [key, value] : leg.items()) CHECK(value != "auto");
  CHECK(sender.active()["activation"] == activation_json(std::nullopt, std::nullopt, std::nullopt));
}

TEST_CASE("a PATCH with any bad field is refused as a whole, naming the field") {
  ConnectionEndpoint sender = video_sender();
  const json before = sender.staged();
  CHECK(refusal(sender, {{"transport_params", {{{"destination_port", 6000}}, {{"destination_port", 80}}}}}) ==
        "transport_params[1].destination_port: 80 is below the minimum 1024");
  CHECK(refusal(sender, {{"transport_params", {{{"source_ip", "10.9.9.9"}}, json::object()}}}).find(
            "transport_params[0].source_ip") == 0);
  CHECK(refusal(sender, {{"transport_params", {{{"destination_ip", "239.1.1.1"}}, {{"destination_ip", "256.1.1.1"}}}}}).find(
            "transport_params[1].destination_ip") != std::string::npos);
  CHECK(refusal(sender, {{"transport_params", {json::object()}}}) == "transport_params: 1 legs given, this sender has 2");
  CHECK(refusal(sender, {{"transport_params", {{{"fec_enabled", true}}, json::object()}}}) ==
        "transport_params[0].fec_enabled: not a transport parameter of this sender");
  CHECK(refusal(sender, {{"transport_params", {{{"destination_ip", "ff02::1"}}, json::object()}}}).find("IPv4") !=
        std::string::npos);
  CHECK(refusal(sender, {{"bad", "data"}}).find("bad") != std::string::npos);
  CHECK(refusal(sender, {{"master_enable", "yes"}}).find("master_enable") != std::string::npos);
  CHECK(sender.staged() == before);
}

TEST_CASE("a receiver refuses an interface_ip the node does not have") {
  const ConnectionEndpoint receiver = video_receiver();
  const std::string why = refusal(receiver, {{"transport_params", {{{"interface_ip", "10.0.0.1"}}, json::object()}}});
  CHECK(why.find("transport_params[0].interface_ip") == 0);
  CHECK(why.find("192.168.10.5") != std::string::npos);
}

TEST_CASE("a receiver takes both legs of a DUP transport file, source-specific") {
  const ConnectionEndpoint receiver = video_receiver();
  const auto plan = receiver.plan({{"transport_file", {{"data", test::dup_video_sdp()}, {"type", "application/sdp"}}}}, kNow);
  REQUIRE(plan);
  const json& legs = plan->staged["transport_params"];
  CHECK(legs[0]["multicast_ip"] == "239.99.1.1");
  CHECK(legs[0]["source_ip"] == "192.168.99.7");
  CHECK(legs[0]["destination_port"] == 5010);
  CHECK(legs[1]["multicast_ip"] == "239.99.2.1");
  CHECK(legs[1]["source_ip"] == "192.168.98.7");
  CHECK(legs[1]["destination_port"] == 5012);
  CHECK(plan->staged["transport_file"]["type"] == "application/sdp");
}

TEST_CASE("explicit transport_params in the same PATCH override the transport file") {
  const ConnectionEndpoint receiver = video_receiver();
  const auto plan = receiver.plan({{"transport_file", {{"data", test::dup_video_sdp()}, {"type", "application/sdp"}}},
                                   {"transport_params", {{{"destination_port", 7000}}, json::object()}}},
                                  kNow);
  REQUIRE(plan);
  CHECK(plan->staged["transport_params"][0]["destination_port"] == 7000);
  CHECK(plan->staged["transport_params"][1]["destination_port"] == 5012);
}

TEST_CASE("a 4:4:4 12-bit stream offered to a 4:2:2 10-bit receiver is refused, saying why") {
  const ConnectionEndpoint receiver = video_receiver();
  const std::string why = refusal(
      receiver, {{"transport_file", {{"data", test::dup_video_sdp("YCbCr-4:4:4", 12)}, {"type", "application/sdp"}}}});
  CHECK(why.find("transport_file.data") == 0);
  CHECK(why.find("urn:x-nmos:cap:format:color_sampling") != std::string::npos);
  CHECK(why.find("YCbCr-4:4:4") != std::string::npos);
}

TEST_CASE("a malformed transport file is refused with the line and the reason") {
  const ConnectionEndpoint receiver = video_receiver();
  std::string broken = test::dup_video_sdp();
  broken.replace(broken.find("width=1920"), 10, "width=wide");
  const std::string why = refusal(receiver, {{"transport_file", {{"data", broken}, {"type", "application/sdp"}}}});
  CHECK(why.find("transport_file.data: the SDP does not parse: line ") == 0);
  CHECK(refusal(receiver, {{"transport_file", {{"data", "v=0"}, {"type", "application/json"}}}}).find(
            "transport_file.type") == 0);
}

TEST_CASE("an audio transport file offered to a video receiver is refused") {
  const ConnectionEndpoint receiver = video_receiver();
  st2110::SdpLegAddress leg{*st2110::Ipv4Address::parse("239.1.1.1"), 5004, *st2110::Ipv4Address::parse("10.1.1.1")};
  const std::string audio = st2110::generate_sdp(st2110::make_single_leg_session(st2110::AudioFormat{}, leg));
  CHECK(refusal(receiver, {{"transport_file", {{"data", audio}, {"type", "application/sdp"}}}}).find(
            "carries audio, this receiver takes video") != std::string::npos);
}

TEST_CASE("a relative activation lands at the time of the request plus the offset, on the TAI timescale") {
  const ActivationRequest relative{ActivationMode::kScheduledRelative, PtpTime{0, 700'000'000}};
  CHECK(scheduled_time(relative, kNow) == PtpTime{1'700'000'001, 200'000'000});
  const ActivationRequest absolute{ActivationMode::kScheduledAbsolute, PtpTime{1'800'000'000, 5}};
  CHECK(scheduled_time(absolute, kNow) == PtpTime{1'800'000'000, 5});
  CHECK_FALSE(scheduled_time({ActivationMode::kImmediate, std::nullopt}, kNow));
  CHECK_FALSE(parse_activation({{"mode", "activate_scheduled_absolute"}, {"requested_time", "1:1000000000"}}));
  CHECK_FALSE(parse_activation({{"mode", "activate_scheduled_relative"}, {"requested_time", nullptr}}));
}

TEST_CASE("a scheduled activation locks staged until it lands or a mode null PATCH cancels it") {
  ConnectionEndpoint sender = video_sender();
  const auto scheduled = sender.plan({{"transport_params", {{{"destination_port", 6000}}, {{"destination_port", 6002}}}},
                                      {"activation", {{"mode", "activate_scheduled_relative"}, {"requested_time", "2:0"}}}},
                                     kNow);
  REQUIRE(scheduled);
  REQUIRE(scheduled->scheduled());
  const json response = sender.commit(*scheduled);
  CHECK(response["activation"]["mode"] == "activate_scheduled_relative");
  CHECK(response["activation"]["requested_time"] == "2:0");
  CHECK(response["activation"]["activation_time"] == "1700000002:500000000");
  CHECK(sender.locked());

  const auto blocked = sender.plan({{"master_enable", false}}, kNow);
  REQUIRE_FALSE(blocked);
  CHECK(blocked.error().status == 423);

  const auto cancel = sender.plan({{"activation", {{"mode", nullptr}}}}, kNow);
  REQUIRE(cancel);
  CHECK(cancel->cancels);
  sender.commit(*cancel);
  CHECK_FALSE(sender.locked());
  CHECK(sender.staged()["activation"] == activation_json(std::nullopt, std::nullopt, std::nullopt));
  CHECK(sender.active()["transport_params"][0]["destination_port"] == 5004);
  CHECK_FALSE(sender.land_scheduled(kNow));
}

TEST_CASE("a landed scheduled activation shows in active with its times, and staged's activation resets") {
  ConnectionEndpoint receiver = video_receiver();
  const auto plan = receiver.plan({{"master_enable", true},
                                   {"transport_params", {{{"multicast_ip", "239.5.5.5"}}, {{"rtp_enabled", false}}}},
                                   {"activation", {{"mode", "activate_scheduled_absolute"}, {"requested_time", "1700000003:0"}}}},
                                  kNow);
  REQUIRE(plan);
  receiver.commit(*plan);
  REQUIRE(receiver.land_scheduled(PtpTime{1'700'000'003, 20'000'000}));
  const json& active = receiver.active();
  CHECK(active["master_enable"] == true);
  CHECK(active["transport_params"][0]["multicast_ip"] == "239.5.5.5");
  CHECK(active["transport_params"][0]["interface_ip"] == "192.168.10.5");
  CHECK(active["transport_params"][1]["rtp_enabled"] == false);
  CHECK(active["activation"]["mode"] == "activate_scheduled_absolute");
  CHECK(active["activation"]["requested_time"] == "1700000003:0");
  CHECK(active["activation"]["activation_time"] == "1700000003:20000000");
  CHECK(receiver.staged()["activation"]["mode"] == nullptr);
  CHECK_FALSE(receiver.locked());
  CHECK(receiver.activations() == 1);
}

TEST_CASE("an immediate activation answers with its activation time and leaves staged's activation reset") {
  ConnectionEndpoint sender = video_sender();
  const auto plan = sender.plan({{"master_enable", false}, {"activation", {{"mode", "activate_immediate"}, {"requested_time", "5:0"}}}}, kNow);
  REQUIRE(plan);
  REQUIRE(plan->immediate());
  const json response = sender.land_immediate(*plan, kNow);
  CHECK(response["activation"] == json({{"mode", "activate_immediate"}, {"requested_time", nullptr},
                                        {"activation_time", "1700000000:500000000"}}));
  CHECK(sender.active()["master_enable"] == false);
  CHECK(sender.staged()["activation"]["mode"] == nullptr);
}

TEST_CASE("the resolved active document becomes typed legs for the backend") {
  const SenderRules rules(kNode.senders[0], kNode.interfaces);
  const SenderActivation activation = rules.activation(rules.initial_active());
  CHECK(activation.output == "video-out");
  REQUIRE(activation.legs.size() == 2);
  CHECK(activation.legs[1].interface == "eth1");
  CHECK(activation.legs[1].destination_ip.to_string() == "239.20.0.1");
  CHECK(activation.legs[1].source_ip.to_string() == "192.168.20.5");

  const ReceiverRules receiver(kNode.receivers[0], kNode.interfaces);
  ConnectionEndpoint endpoint(std::make_shared<const ReceiverRules>(receiver));
  const auto plan = endpoint.plan({{"transport_file", {{"data", test::dup_video_sdp()}, {"type", "application/sdp"}}}}, kNow);
  REQUIRE(plan);
  const ReceiverActivation taken = receiver.activation(receiver.resolve(plan->staged));
  REQUIRE(taken.legs.size() == 2);
  CHECK(taken.legs[0].source_ip->to_string() == "192.168.99.7");
  CHECK(taken.legs[1].multicast_ip->to_string() == "239.99.2.1");
  CHECK(taken.legs[1].interface_ip.to_string() == "192.168.20.5");
  CHECK(taken.transport_file == test::dup_video_sdp());
}

TEST_CASE("a sender's SDP names the grandmaster it follows, mediaclk direct=0, and groups its two legs") {
  const SenderRules rules(kNode.senders[0], kNode.interfaces);
  ClockTraceability clock;
  clock.grandmaster_id = {0x08, 0x00, 0x11, 0xff, 0xfe, 0x21, 0xe4, 0x30};
  clock.domain = 5;
  clock.locked = true;
  const auto sdp = sender_sdp(rules.sender(), rules.interfaces(), rules.activation(rules.initial_active()), clock, 3);
  REQUIRE(sdp);
  INFO(*sdp);
  const auto session = st2110::parse_sdp(*sdp);
  REQUIRE(session);
  REQUIRE(session->legs.size() == 2);
  CHECK(session->origin.session_version == 3);
  REQUIRE(session->dup_groups.size() == 1);
  CHECK(session->dup_groups[0].mids.size() == 2);
  CHECK(sdp->find("a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:5\r\n") != std::string::npos);
  CHECK(sdp->find("a=mediaclk:direct=0\r\n") != std::string::npos);
  CHECK(session->legs[1].connection.address.to_string() == "239.20.0.1");
  CHECK(session->legs[1].source_filter->source.to_string() == "192.168.20.5");
  CHECK(session->legs[0].format == st2110::MediaFormat(test::video_1080p_422_10()));
}

TEST_CASE("a free-running sender names its own oscillator by its interface's MAC") {
  const SenderRules rules(kNode.senders[0], kNode.interfaces);
  ClockTraceability clock;
  clock.locked = false;
  const auto sdp = sender_sdp(rules.sender(), rules.interfaces(), rules.activation(rules.initial_active()), clock, 0);
  REQUIRE(sdp);
  const auto session = st2110::parse_sdp(*sdp);
  REQUIRE(session);
  const auto* primary = std::get_if<st2110::LocalMacReferenceClock>(&session->legs[0].reference_clocks.at(0));
  const auto* secondary = std::get_if<st2110::LocalMacReferenceClock>(&session->legs[1].reference_clocks.at(0));
  REQUIRE(primary);
  REQUIRE(secondary);
  CHECK(primary->mac == *st2110::MacAddress::parse("02:00:00:00:00:01"));
  CHECK(secondary->mac == *st2110::MacAddress::parse("02:00:00:00:00:02"));
}

TEST_CASE("a unicast transport file must be addressed to the receiver's own interface") {
  const ConnectionEndpoint audio(std::make_shared<const ReceiverRules>(kNode.receivers[1], kNode.interfaces));
  const auto to = [](const char* destination) {
    st2110::SdpLegAddress leg{*st2110::Ipv4Address::parse(destination), 5030, *st2110::Ipv4Address::parse("192.168.99.8")};
    return json({{"transport_file",
                  {{"data", st2110::generate_sdp(st2110::make_single_leg_session(st2110::AudioFormat{}, leg))},
                   {"type", "application/sdp"}}}});
  };
  const auto plan = audio.plan(to("192.168.10.5"), kNow);
  REQUIRE(plan);
  const json& leg = plan->staged["transport_params"][0];
  CHECK(leg["multicast_ip"] == nullptr);
  CHECK(leg["interface_ip"] == "192.168.10.5");
  CHECK(leg["destination_port"] == 5030);
  CHECK(refusal(audio, to("10.20.30.40")).find("transport_file (leg 0).interface_ip") == 0);
}

TEST_CASE("a sender without a flow format has no transport file") {
  SenderConnection formatless = kNode.senders[1];
  formatless.format.reset();
  const SenderRules rules(formatless, kNode.interfaces);
  CHECK_FALSE(sender_sdp(rules.sender(), rules.interfaces(), rules.activation(rules.initial_active()), {}, 0));
}

TEST_CASE("a description naming an interface the node does not have is refused at start") {
  SenderConnection lost = kNode.senders[1];
  lost.interfaces = {"eth7"};
  CHECK_THROWS_WITH(SenderRules(lost, kNode.interfaces), Catch::Contains("no interface named eth7"));
}

TEST_CASE("a receiver receiving at start shows its flow in staged and active with master_enable true") {
  ReceiverConnection receiving = kNode.receivers[0];
  receiving.start = {{"239.1.1.1", "192.168.99.7", 5010}, {"239.2.1.1", std::nullopt, 5012}};
  const ConnectionEndpoint receiver(std::make_shared<const ReceiverRules>(receiving, kNode.interfaces));
  CHECK(receiver.active()["master_enable"] == true);
  CHECK(receiver.active()["transport_params"][0]["multicast_ip"] == "239.1.1.1");
  CHECK(receiver.active()["transport_params"][0]["source_ip"] == "192.168.99.7");
  CHECK(receiver.active()["transport_params"][1]["destination_port"] == 5012);
  CHECK(receiver.active()["transport_params"][1]["interface_ip"] == "192.168.20.5");
  CHECK(receiver.staged()["transport_params"][1]["interface_ip"] == "auto");
}

TEST_CASE("an ST 2022-7 receiver moves both legs or neither: one leg moved while the other stays is refused") {
  ReceiverConnection receiving = kNode.receivers[0];
  receiving.start = {{"239.1.1.1", std::nullopt, 5010}, {"239.2.1.1", std::nullopt, 5010}};
  const ConnectionEndpoint receiver(std::make_shared<const ReceiverRules>(receiving, kNode.interfaces));
  const json one_leg = {{"transport_params", json::array({{{"multicast_ip", "239.1.1.9"}}, json::object()})},
                        {"activation", {{"mode", "activate_immediate"}}}};
  const std::string error = refusal(receiver, one_leg);
  CHECK_THAT(error, Catch::Contains("transport_params[1]") && Catch::Contains("2022-7"));
  // Staged alone (no activation) is fine, and so is moving both legs.
  json staged_only = one_leg;
  staged_only.erase("activation");
  CHECK(receiver.plan(staged_only, kNow));
  json both = one_leg;
  both["transport_params"][1] = {{"multicast_ip", "239.2.1.9"}};
  CHECK(receiver.plan(both, kNow));
}
