// The IS-05 Connection API over real TCP, served by the project's Beast server, with TestBackend standing in
// for the engine (the engine integration comes next): listings, immediate, relative and absolute activations,
// cancelling with mode null, 423 while scheduled, bad input refused with a reason and nothing changed, bulk,
// many clients at once, and every body validated against the AMWA IS-05 v1.1 schemas.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "../node/schema_check.hpp"
#include "connection_fixture.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "nmos/http/http_client.hpp"
#include "nmos/http/server.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using nlohmann::json;
using http::Method;

namespace {

class RecordingObserver final : public ConnectionObserver {
 public:
  struct Event {
    std::string id;
    std::optional<std::string> peer;
    bool active;
  };
  void receiver_activated(const std::string& id, const std::optional<std::string>& sender, bool active) override {
    std::lock_guard lock(mutex_);
    receivers.push_back({id, sender, active});
  }
  void sender_activated(const std::string& id, const std::optional<std::string>& receiver, bool active) override {
    std::lock_guard lock(mutex_);
    senders.push_back({id, receiver, active});
  }
  std::vector<Event> receiver_events() {
    std::lock_guard lock(mutex_);
    return receivers;
  }
  std::vector<Event> sender_events() {
    std::lock_guard lock(mutex_);
    return senders;
  }

 private:
  std::mutex mutex_;
  std::vector<Event> receivers;
  std::vector<Event> senders;
};

struct RunningConnectionApi {
  ClockModel clock;
  RecordingObserver observer;
  test::TestBackend backend{clock};
  ConnectionService service{test::sample_connections(), backend, clock, &observer};
  http::HttpServer server{http::ServerOptions{.threads = 2}};
  std::string root;
  std::string url;  // .../v1.1

  RunningConnectionApi() {
    service.add_routes(server.router());
    const auto port = server.start();
    if (!port) throw std::runtime_error(port.error());
    root = server.base_url() + "/x-nmos/connection/";
    url = root + "v1.1";
  }
  ~RunningConnectionApi() { server.stop(); }
};

struct Answer {
  unsigned status = 0;
  json body;
  http::Response response;
};

Answer call(http::HttpClient& client, Method method, const std::string& url, const std::string& body = {}) {
  const auto response = client.request(method, url, body);
  REQUIRE(response);
  Answer answer{response->result_int(), json::parse(response->body(), nullptr, false), *response};
  return answer;
}

json get_ok(http::HttpClient& client, const std::string& url) {
  const Answer answer = call(client, Method::get, url);
  INFO(url << " -> " << answer.response.body());
  REQUIRE(answer.status == 200);
  return answer.body;
}

void require_valid(test::SchemaCheck& check) {
  const auto failures = check.failures();
  for (const std::string& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
}

std::string single(const RunningConnectionApi& api, const char* kind, const std::string& id, const char* leaf = "") {
  return api.url + "/single/" + kind + "/" + id + (leaf[0] ? "/" : "") + leaf;
}

// Waits until /active's activation_time changes from `before` (a scheduled activation landed).
json wait_for_activation(http::HttpClient& client, const std::string& active_url, const json& before) {
  for (int i = 0; i < 300; ++i) {
    json active = get_ok(client, active_url);
    if (active["activation"]["activation_time"] != before) return active;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("no activation landed at " << active_url);
  return {};
}

}  // namespace

TEST_CASE("the Connection API lists its versions, endpoints, senders and receivers, every body valid") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;

  const json versions = get_ok(client, api.root);
  CHECK(versions == json({"v1.0/", "v1.1/"}));
  for (const std::string version : {"v1.0", "v1.1"}) {
    check.expect("connectionapi-base.json", get_ok(client, api.root + version + "/"), version + " base");
    check.expect("connectionapi-single.json", get_ok(client, api.root + version + "/single/"), version + " single");
    check.expect("connectionapi-bulk.json", get_ok(client, api.root + version + "/bulk/"), version + " bulk");
  }
  const json senders = get_ok(client, api.url + "/single/senders/");
  CHECK(senders == json({test::kVideoSender + "/", test::kAudioSender + "/"}));
  check.expect("sender-receiver-base.json", senders, "senders");
  const json receivers = get_ok(client, api.url + "/single/receivers");
  CHECK(receivers == json({test::kVideoReceiver + "/", test::kAudioReceiver + "/"}));
  check.expect("sender-receiver-base.json", receivers, "receivers");

  const json sender_leaves = get_ok(client, single(api, "senders", test::kVideoSender) + "/");
  CHECK(sender_leaves == json({"constraints/", "staged/", "active/", "transportfile/", "transporttype/"}));
  check.expect("connectionapi-sender.json", sender_leaves, "sender leaves");
  check.expect("connectionapi-receiver.json", get_ok(client, single(api, "receivers", test::kVideoReceiver)),
               "receiver leaves");
  const json v1_0_leaves = get_ok(client, api.root + "v1.0/single/senders/" + test::kVideoSender);
  CHECK(v1_0_leaves == json({"constraints/", "staged/", "active/", "transportfile/"}));

  for (const auto& [kind, id, schema] : {std::tuple{"senders", test::kVideoSender, "sender-response-schema.json"},
                                         std::tuple{"senders", test::kAudioSender, "sender-response-schema.json"},
                                         std::tuple{"receivers", test::kVideoReceiver, "receiver-response-schema.json"},
                                         std::tuple{"receivers", test::kAudioReceiver, "receiver-response-schema.json"}}) {
    const json constraints = get_ok(client, single(api, kind, id, "constraints/"));
    check.expect("constraints-schema.json", constraints, id + " constraints");
    const json staged = get_ok(client, single(api, kind, id, "staged"));
    const json active = get_ok(client, single(api, kind, id, "active"));
    check.expect(schema, staged, id + " staged");
    check.expect(schema, active, id + " active");
    // IS-05-01 tests 09/10/38/39: the same parameters and the same number of legs everywhere.
    REQUIRE(staged["transport_params"].size() == constraints.size());
    REQUIRE(active["transport_params"].size() == constraints.size());
    for (std::size_t leg = 0; leg < constraints.size(); ++leg) {
      for (const auto& [key, value] : constraints[leg].items()) {
        CHECK(staged["transport_params"][leg].contains(key));
        CHECK(active["transport_params"][leg].contains(key));
        CHECK(active["transport_params"][leg][key] != "auto");
      }
    }
    const json type = get_ok(client, single(api, kind, id, "transporttype"));
    CHECK(type == "urn:x-nmos:transport:rtp");
    check.expect("transporttype-response-schema.json", type, id + " transporttype");
  }
  CHECK(get_ok(client, single(api, "senders", test::kVideoSender, "constraints")).size() == 2);
  CHECK(get_ok(client, single(api, "senders", test::kAudioSender, "constraints")).size() == 1);

  // v1.0 stages the same resources (the v1.1 schemas are a superset for RTP).
  const Answer v1_0 = call(client, Method::patch, api.root + "v1.0/single/receivers/" + test::kAudioReceiver + "/staged",
                           R"({"transport_params": [{"destination_port": 5100}]})");
  CHECK(v1_0.status == 200);
  check.expect("receiver-response-schema.json", v1_0.body, "v1.0 PATCH");
  CHECK(get_ok(client, single(api, "receivers", test::kAudioReceiver, "staged"))["transport_params"][0]["destination_port"] == 5100);

  const Answer options = call(client, Method::options, single(api, "senders", test::kVideoSender, "staged"));
  CHECK(options.response[http::beast_http::field::access_control_allow_origin] == "*");
  require_valid(check);
}

TEST_CASE("an immediate activation answers 200 once it landed, and active shows it resolved") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string staged_url = single(api, "senders", test::kVideoSender, "staged");
  const PtpTime before = api.clock.now();

  const Answer answer = call(client, Method::patch, staged_url,
                             json({{"receiver_id", test::kVideoReceiver},
                                   {"transport_params", {{{"destination_port", 6000}}, {{"destination_ip", "239.20.0.9"}}}},
                                   {"activation", {{"mode", "activate_immediate"}}}})
                                 .dump());
  INFO(answer.response.body());
  REQUIRE(answer.status == 200);
  check.expect("sender-response-schema.json", answer.body, "immediate PATCH");
  CHECK(answer.body["activation"]["mode"] == "activate_immediate");
  CHECK(answer.body["activation"]["requested_time"] == nullptr);
  const auto landed = PtpTime::parse_nmos(answer.body["activation"]["activation_time"].get<std::string>());
  REQUIRE(landed);
  CHECK(*landed >= before);
  CHECK(*landed <= api.clock.now());
  CHECK(answer.body["transport_params"][0]["destination_port"] == 6000);

  const json active = get_ok(client, single(api, "senders", test::kVideoSender, "active"));
  check.expect("sender-response-schema.json", active, "active");
  CHECK(active["transport_params"][0]["destination_port"] == 6000);
  CHECK(active["transport_params"][1]["destination_ip"] == "239.20.0.9");
  CHECK(active["transport_params"][0]["source_ip"] == "192.168.10.5");
  CHECK(active["receiver_id"] == test::kVideoReceiver);
  CHECK(active["activation"] == answer.body["activation"]);
  const json staged = get_ok(client, staged_url);
  CHECK(staged["activation"] == json({{"mode", nullptr}, {"requested_time", nullptr}, {"activation_time", nullptr}}));
  CHECK(staged["transport_params"][0]["source_ip"] == "auto");

  const auto calls = api.backend.calls();
  REQUIRE(calls.size() == 1);
  const auto& sent = std::get<SenderActivation>(calls[0].activation);
  CHECK_FALSE(calls[0].at);
  CHECK(sent.output == "video-out");
  CHECK(sent.master_enable);
  CHECK(sent.legs[0].destination_port == 6000);
  CHECK(sent.legs[1].destination_ip.to_string() == "239.20.0.9");
  const auto events = api.observer.sender_events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].peer == test::kVideoReceiver);
  CHECK(events[0].active);

  // The transport file follows /active, is never cached, and its session version moves on.
  const Answer sdp = call(client, Method::get, single(api, "senders", test::kVideoSender, "transportfile"));
  REQUIRE(sdp.status == 200);
  CHECK(sdp.response[http::beast_http::field::content_type] == "application/sdp");
  CHECK(sdp.response[http::beast_http::field::cache_control] == "no-cache");
  const auto session = st2110::parse_sdp(sdp.response.body());
  REQUIRE(session);
  CHECK(session->origin.session_version == 1);
  REQUIRE(session->legs.size() == 2);
  CHECK(session->legs[0].port == 6000);
  CHECK(session->legs[1].connection.address.to_string() == "239.20.0.9");
  require_valid(check);
}

TEST_CASE("a receiver staged from a DUP transport file and activated tells the backend both source-specific legs") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const Answer answer = call(client, Method::patch, single(api, "receivers", test::kVideoReceiver, "staged"),
                             json({{"sender_id", test::kAudioSender},
                                   {"master_enable", true},
                                   {"transport_file", {{"data", test::dup_video_sdp()}, {"type", "application/sdp"}}},
                                   {"activation", {{"mode", "activate_immediate"}}}})
                                 .dump());
  INFO(answer.response.body());
  REQUIRE(answer.status == 200);
  check.expect("receiver-response-schema.json", answer.body, "receiver PATCH");
  const json active = get_ok(client, single(api, "receivers", test::kVideoReceiver, "active"));
  check.expect("receiver-response-schema.json", active, "receiver active");
  CHECK(active["transport_params"][1]["multicast_ip"] == "239.99.2.1");
  CHECK(active["transport_params"][1]["interface_ip"] == "192.168.20.5");
  CHECK(active["transport_file"]["data"] == test::dup_video_sdp());

  const auto calls = api.backend.calls();
  REQUIRE(calls.size() == 1);
  const auto& taken = std::get<ReceiverActivation>(calls[0].activation);
  CHECK(taken.input == "video-in");
  CHECK(taken.master_enable);
  CHECK(taken.legs[0].source_ip->to_string() == "192.168.99.7");
  CHECK(taken.legs[1].source_ip->to_string() == "192.168.98.7");
  CHECK(taken.legs[1].destination_port == 5012);
  const auto events = api.observer.receiver_events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].peer == test::kAudioSender);
  CHECK(events[0].active);

  // master_enable false disconnects: the backend is asked, the observer hears active false.
  REQUIRE(call(client, Method::patch, single(api, "receivers", test::kVideoReceiver, "staged"),
               R"({"master_enable": false, "activation": {"mode": "activate_immediate"}})")
              .status == 200);
  CHECK_FALSE(std::get<ReceiverActivation>(api.backend.calls().back().activation).master_enable);
  CHECK_FALSE(api.observer.receiver_events().back().active);
  require_valid(check);
}

TEST_CASE("a relative activation answers 202 with its TAI time and lands then") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string active_url = single(api, "receivers", test::kAudioReceiver, "active");
  const json before = get_ok(client, active_url);
  const PtpTime asked = api.clock.now();
  const Answer answer = call(client, Method::patch, single(api, "receivers", test::kAudioReceiver, "staged"),
                             json({{"master_enable", true},
                                   {"transport_params", {{{"multicast_ip", "239.7.7.7"}, {"destination_port", 5020}}}},
                                   {"activation", {{"mode", "activate_scheduled_relative"}, {"requested_time", "0:200000000"}}}})
                                 .dump());
  INFO(answer.response.body());
  REQUIRE(answer.status == 202);
  check.expect("receiver-response-schema.json", answer.body, "relative PATCH");
  CHECK(answer.body["activation"]["mode"] == "activate_scheduled_relative");
  CHECK(answer.body["activation"]["requested_time"] == "0:200000000");
  const auto at = PtpTime::parse_nmos(answer.body["activation"]["activation_time"].get<std::string>());
  REQUIRE(at);
  CHECK(at->minus(asked) >= 200'000'000);
  CHECK(at->minus(asked) < 400'000'000);
  // Scheduled, not yet landed: the staged view shows it pending, /active is unchanged.
  CHECK(get_ok(client, single(api, "receivers", test::kAudioReceiver, "staged"))["activation"] == answer.body["activation"]);
  REQUIRE(api.backend.calls().size() == 1);
  CHECK(api.backend.calls()[0].at == *at);

  const json active = wait_for_activation(client, active_url, before["activation"]["activation_time"]);
  check.expect("receiver-response-schema.json", active, "relative active");
  CHECK(active["transport_params"][0]["multicast_ip"] == "239.7.7.7");
  CHECK(active["activation"]["mode"] == "activate_scheduled_relative");
  CHECK(active["activation"]["requested_time"] == "0:200000000");
  CHECK(*PtpTime::parse_nmos(active["activation"]["activation_time"].get<std::string>()) >= *at);
  CHECK(get_ok(client, single(api, "receivers", test::kAudioReceiver, "staged"))["activation"]["mode"] == nullptr);
  CHECK(api.observer.receiver_events().size() == 1);
  require_valid(check);
}

TEST_CASE("an absolute activation lands at the requested TAI time, not before") {
  RunningConnectionApi api;
  http::HttpClient client;
  const std::string active_url = single(api, "senders", test::kAudioSender, "active");
  const json before = get_ok(client, active_url);
  const PtpTime when = api.clock.now().plus(300'000'000);
  const Answer answer = call(client, Method::patch, single(api, "senders", test::kAudioSender, "staged"),
                             json({{"master_enable", false},
                                   {"activation", {{"mode", "activate_scheduled_absolute"},
                                                   {"requested_time", when.to_nmos_string()}}}})
                                 .dump());
  REQUIRE(answer.status == 202);
  CHECK(answer.body["activation"]["activation_time"] == when.to_nmos_string());
  CHECK(get_ok(client, active_url)["master_enable"] == true);
  const json active = wait_for_activation(client, active_url, before["activation"]["activation_time"]);
  CHECK(api.clock.now() >= when);
  CHECK(active["master_enable"] == false);
  CHECK(*PtpTime::parse_nmos(active["activation"]["activation_time"].get<std::string>()) >= when);
}

TEST_CASE("while an activation is scheduled PATCHes get 423; mode null cancels it and nothing lands") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string staged_url = single(api, "senders", test::kVideoSender, "staged");
  const json active_before = get_ok(client, single(api, "senders", test::kVideoSender, "active"));
  const std::string later = api.clock.now().plus(5'000'000'000).to_nmos_string();
  REQUIRE(call(client, Method::patch, staged_url,
               json({{"transport_params", {{{"destination_port", 7000}}, json::object()}},
                     {"activation", {{"mode", "activate_scheduled_absolute"}, {"requested_time", later}}}})
                   .dump())
              .status == 202);

  const Answer locked = call(client, Method::patch, staged_url, R"({"master_enable": false})");
  CHECK(locked.status == 423);
  check.expect("error.json", locked.body, "423");
  const Answer again = call(client, Method::patch, staged_url, R"({"activation": {"mode": "activate_immediate"}})");
  CHECK(again.status == 423);

  const Answer cancel = call(client, Method::patch, staged_url,
                             R"({"activation": {"mode": null}, "transport_params": [{"destination_port": 7002}, {}]})");
  INFO(cancel.response.body());
  REQUIRE(cancel.status == 200);
  check.expect("sender-response-schema.json", cancel.body, "cancel");
  CHECK(cancel.body["activation"] == json({{"mode", nullptr}, {"requested_time", nullptr}, {"activation_time", nullptr}}));
  CHECK(cancel.body["transport_params"][0]["destination_port"] == 7002);
  CHECK(api.backend.cancelled() == 1);
  CHECK(api.backend.armed() == 0);
  CHECK(get_ok(client, single(api, "senders", test::kVideoSender, "active")) == active_before);
  // Unlocked again.
  CHECK(call(client, Method::patch, staged_url, R"({"master_enable": true})").status == 200);
  require_valid(check);
}

TEST_CASE("bad input is refused with a body that says why, and staged and active stay as they were") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  struct Case {
    const char* what;
    std::string url;
    std::string body;
    unsigned status;
    std::string says;
  };
  const std::string receiver = single(api, "receivers", test::kVideoReceiver, "staged");
  const std::string sender = single(api, "senders", test::kVideoSender, "staged");
  std::string broken_sdp = test::dup_video_sdp();
  broken_sdp.replace(broken_sdp.find("m=video 5012"), 12, "m=video port");
  const auto file = [](const std::string& sdp) {
    return json({{"transport_file", {{"data", sdp}, {"type", "application/sdp"}}},
                 {"activation", {{"mode", "activate_immediate"}}}})
        .dump();
  };
  const std::vector<Case> cases = {
      {"malformed JSON", receiver, R"({"master_enable": tru)", 400, "malformed JSON"},
      {"malformed SDP", receiver, file(broken_sdp), 400, "the SDP does not parse: line 14"},
      {"unacceptable format", receiver, file(test::dup_video_sdp("YCbCr-4:4:4", 12)), 400, "color_sampling"},
      {"unknown interface", receiver, R"({"transport_params": [{"interface_ip": "10.1.2.3"}, {}]})", 400,
       "transport_params[0].interface_ip"},
      {"port out of the schema's range", sender, R"({"transport_params": [{"destination_port": 70000}, {}]})", 400,
       "destination_port"},
      {"port below the sender's range", sender, R"({"transport_params": [{}, {"source_port": 80}]})", 400,
       "transport_params[1].source_port: 80 is below the minimum 1024"},
      {"unicast group for a multicast receiver", receiver, R"({"transport_params": [{"multicast_ip": "10.0.0.1"}, {}]})",
       400, "transport_params[0].multicast_ip"},
      {"unknown field", sender, R"({"bad": "data"})", 400, "bad"},
      {"scheduled without a time", sender, R"({"activation": {"mode": "activate_scheduled_relative"}})", 400,
       "activation.requested_time"},
      {"unknown receiver", single(api, "receivers", "5a1b0c2d-0000-4000-8000-0000000000ff", "staged"), "{}", 404,
       "no receiver with this id"},
      {"not an id", single(api, "senders", "nonsense", "staged"), "{}", 404, "no sender with this id"},
  };
  const json receiver_staged = get_ok(client, receiver);
  const json receiver_active = get_ok(client, single(api, "receivers", test::kVideoReceiver, "active"));
  const json sender_staged = get_ok(client, sender);
  const json sender_active = get_ok(client, single(api, "senders", test::kVideoSender, "active"));
  for (const Case& c : cases) {
    INFO(c.what);
    const Answer answer = call(client, Method::patch, c.url, c.body);
    INFO(answer.response.body());
    CHECK(answer.status == c.status);
    check.expect("error.json", answer.body, c.what);
    CHECK(answer.body.value("error", "").find(c.says) != std::string::npos);
  }
  const Answer unknown = call(client, Method::get, single(api, "receivers", "5a1b0c2d-0000-4000-8000-0000000000ff", "active"));
  CHECK(unknown.status == 404);
  check.expect("error.json", unknown.body, "GET unknown receiver");
  CHECK(get_ok(client, receiver) == receiver_staged);
  CHECK(get_ok(client, single(api, "receivers", test::kVideoReceiver, "active")) == receiver_active);
  CHECK(get_ok(client, sender) == sender_staged);
  CHECK(get_ok(client, single(api, "senders", test::kVideoSender, "active")) == sender_active);
  CHECK(api.backend.calls().empty());
  require_valid(check);
}

TEST_CASE("a refused activation changes nothing and says why: 500 when the device failed, 400 when the request "
          "cannot be carried out") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string staged_url = single(api, "senders", test::kAudioSender, "staged");
  const json staged = get_ok(client, staged_url);
  const ActivationRefusal device_failed{"the engine has no output audio-out", false};
  const ActivationRefusal request_refused{"flow 239.1.1.1:5004 is one leg of input 'cam-7''s ST 2022-7 pair", true};
  for (const ActivationRefusal& refusal : {device_failed, request_refused}) {
    api.backend.refuse(refusal);
    for (const char* mode : {R"({"mode": "activate_immediate"})", R"({"mode": "activate_scheduled_relative", "requested_time": "1:0"})"}) {
      const Answer answer = call(client, Method::patch, staged_url,
                                 std::string(R"({"transport_params": [{"destination_port": 9000}], "activation": )") + mode + "}");
      INFO(answer.response.body());
      CHECK(answer.status == (refusal.by_request ? 400 : 500));
      check.expect("error.json", answer.body, mode);
      CHECK(answer.body["debug"] == refusal.reason);
      CHECK(get_ok(client, staged_url) == staged);
    }
  }
  require_valid(check);
}

TEST_CASE("bulk staging answers each element on its own; GET on a bulk endpoint is 405") {
  RunningConnectionApi api;
  http::HttpClient client;
  test::SchemaCheck check;
  const json body = {
      {{"id", test::kVideoReceiver}, {"params", {{"transport_params", {{{"destination_port", 6100}}, {{"destination_port", 6102}}}}}}},
      {{"id", test::kAudioReceiver}, {"params", {{"transport_params", {{{"destination_port", 1}}}}}}},
      {{"id", "5a1b0c2d-0000-4000-8000-0000000000ff"}, {"params", json::object()}},
      {{"id", test::kAudioReceiver}, {"params", {{"master_enable", true}, {"activation", {{"mode", "activate_immediate"}}}}}},
  };
  const Answer answer = call(client, Method::post, api.url + "/bulk/receivers", body.dump());
  INFO(answer.response.body());
  REQUIRE(answer.status == 200);
  check.expect("bulk-response-schema.json", answer.body, "bulk response");
  REQUIRE(answer.body.size() == 4);
  CHECK(answer.body[0] == json({{"id", test::kVideoReceiver}, {"code", 200}}));
  CHECK(answer.body[1]["code"] == 400);
  CHECK(answer.body[1]["error"].get<std::string>().find("destination_port") != std::string::npos);
  CHECK(answer.body[2]["code"] == 404);
  CHECK(answer.body[3]["code"] == 200);
  CHECK(get_ok(client, single(api, "receivers", test::kVideoReceiver, "staged"))["transport_params"][1]["destination_port"] == 6102);
  CHECK(get_ok(client, single(api, "receivers", test::kAudioReceiver, "active"))["master_enable"] == true);

  for (const char* kind : {"senders", "receivers"}) {
    const Answer get = call(client, Method::get, api.url + "/bulk/" + kind);
    CHECK(get.status == 405);
    check.expect("error.json", get.body, std::string("GET bulk ") + kind);
  }
  const Answer malformed = call(client, Method::post, api.url + "/bulk/senders", R"([{"id": "x"}])");
  CHECK(malformed.status == 400);
  check.expect("error.json", malformed.body, "malformed bulk");
  require_valid(check);
}

TEST_CASE("many clients PATCHing at once each get the state their request left, and the last landing wins") {
  RunningConnectionApi api;
  constexpr int kClients = 4;
  constexpr int kEach = 20;
  struct Landed {
    PtpTime at;
    int port;
  };
  std::mutex mutex;
  std::vector<Landed> landed;
  std::vector<std::string> problems;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      http::HttpClient client;
      for (int i = 0; i < kEach; ++i) {
        const int port = 10000 + c * 100 + i;
        // Half immediate activations on one receiver, half staging-only PATCHes on a sender.
        const bool activate = i % 2 == 0;
        const std::string url = activate ? single(api, "receivers", test::kAudioReceiver, "staged")
                                         : single(api, "senders", test::kAudioSender, "staged");
        json body = {{"transport_params", {{{"destination_port", port}}}}};
        if (activate) body["activation"] = {{"mode", "activate_immediate"}};
        const auto response = client.request(Method::patch, url, body.dump());
        std::lock_guard lock(mutex);
        if (!response || response->result_int() != 200) {
          problems.push_back(response ? response->body() : response.error());
          continue;
        }
        const json answer = json::parse(response->body());
        if (answer["transport_params"][0]["destination_port"] != port) problems.push_back("answered " + answer.dump());
        if (activate) landed.push_back({*PtpTime::parse_nmos(answer["activation"]["activation_time"].get<std::string>()), port});
      }
    });
  }
  for (std::thread& t : clients) t.join();
  for (const std::string& p : problems) UNSCOPED_INFO(p);
  REQUIRE(problems.empty());
  REQUIRE(landed.size() == kClients * kEach / 2);
  CHECK(api.backend.calls().size() == landed.size());
  const auto last = std::max_element(landed.begin(), landed.end(), [](const Landed& a, const Landed& b) { return a.at < b.at; });
  http::HttpClient client;
  const json active = get_ok(client, single(api, "receivers", test::kAudioReceiver, "active"));
  CHECK(active["transport_params"][0]["destination_port"] == last->port);
  CHECK(active["activation"]["activation_time"] == last->at.to_nmos_string());
  // One activation at a time per receiver: the backend saw them in the order they landed.
  const auto calls = api.backend.calls();
  CHECK(std::get<ReceiverActivation>(calls.back().activation).legs[0].destination_port == last->port);
}

TEST_CASE("callers that are not HTTP (IS-04 target, routes API) stage through the same path") {
  RunningConnectionApi api;
  std::promise<ConnectionReply> answered;
  api.service.patch(ConnectionKind::kReceiver, test::kAudioReceiver,
                    R"({"sender_id": ")" + test::kAudioSender + R"(", "master_enable": true,
                        "activation": {"mode": "activate_immediate"}})",
                    [&answered](ConnectionReply reply) { answered.set_value(std::move(reply)); });
  const ConnectionReply reply = answered.get_future().get();
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(json::parse(reply.body)["activation"]["mode"] == "activate_immediate");
  CHECK(json::parse(*api.service.active(ConnectionKind::kReceiver, test::kAudioReceiver))["sender_id"] == test::kAudioSender);
  CHECK(json::parse(*api.service.staged(ConnectionKind::kReceiver, test::kAudioReceiver))["activation"]["mode"] == nullptr);
  CHECK(json::parse(*api.service.constraints(ConnectionKind::kSender, test::kVideoSender)).size() == 2);
  CHECK(api.service.sender_transport_file(test::kAudioSender)->find("a=rtpmap:96 L24/48000/2") != std::string::npos);
  CHECK_FALSE(api.service.staged(ConnectionKind::kSender, test::kAudioReceiver));

  std::promise<ConnectionReply> refused;
  api.service.patch(ConnectionKind::kSender, test::kVideoSender, "{not json",
                    [&refused](ConnectionReply reply) { refused.set_value(std::move(reply)); });
  const ConnectionReply bad = refused.get_future().get();
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["code"] == 400);
}

TEST_CASE("the routes API stages each entry on its output's sender: same activation, same 423, refused whole") {
  RunningConnectionApi api;
  const std::string routes = api.server.base_url() + "/x-crosspoint/v1/routes";
  http::HttpClient client;
  auto send = [&](Method method, const std::string& body) {
    auto response = client.request(method, routes, body);
    REQUIRE(response);
    return std::pair<unsigned, json>{response->result_int(), json::parse(response->body())};
  };
  // A bad entry refuses the salvo whole, naming the entry; nothing reaches the backend.
  auto [status, error] = send(Method::patch, R"({"routes": [{"output": "video-out", "input": "video-in"},
                                                            {"output": "audio-out", "input": "video-in"}]})");
  CHECK(status == 400);
  CHECK_THAT(error["error"].get<std::string>(), Catch::Contains("routes[1].input"));
  CHECK(api.backend.calls().empty());

  // A scheduled salvo: each sender is activated with the route, and then locked like any IS-05 PATCH.
  const PtpTime at = api.clock.now().plus(kNanosPerSecond * 30);
  auto [scheduled_status, scheduled] = send(Method::patch, json{{"routes", {{{"output", "video-out"}, {"input", "video-in"}},
                                                                            {{"output", "audio-out"}, {"input", "audio-in"}}}},
                                                                {"activation", {{"mode", "activate_scheduled_absolute"},
                                                                                {"requested_time", at.to_nmos_string()}}}}
                                                                   .dump());
  REQUIRE(scheduled_status == 200);
  REQUIRE(scheduled.size() == 2);
  CHECK(scheduled[0]["code"] == 202);
  CHECK(scheduled[1]["activation"]["activation_time"] == at.to_nmos_string());
  const auto calls = api.backend.calls();
  REQUIRE(calls.size() == 2);
  const auto& video = std::get<SenderActivation>(calls[0].activation);
  REQUIRE(video.route);
  CHECK(video.route->input == std::optional<std::string>("video-in"));
  CHECK(calls[0].at == at);
  auto [locked_status, locked] = send(Method::patch, R"({"routes": [{"output": "video-out", "input": null}]})");
  CHECK(locked[0]["code"] == 423);
  // mode null cancels through the same path.
  auto [cancel_status, cancelled] = send(Method::patch, R"({"routes": [{"output": "video-out"}], "activation": {"mode": null}})");
  CHECK(cancelled[0]["code"] == 200);
  CHECK(api.backend.cancelled() == 1);
  auto [list_status, listed] = send(Method::get, "");
  CHECK(list_status == 200);
  CHECK(listed[0]["output"] == "video-out");
  CHECK(listed[0]["input"] == "video-in");  // what TestBackend was last asked
}

TEST_CASE("a salvo at a relative time arms every output for one PTP time") {
  RunningConnectionApi api;
  http::HttpClient client;
  const auto response = client.request(Method::patch, api.server.base_url() + "/x-crosspoint/v1/routes",
                                       R"({"routes": [{"output": "video-out", "input": "video-in"},
                                                      {"output": "audio-out", "input": "audio-in"}],
                                           "activation": {"mode": "activate_scheduled_relative", "requested_time": "30:0"}})");
  REQUIRE(response);
  const json answer = json::parse(response->body());
  REQUIRE(answer.size() == 2);
  CHECK(answer[0]["activation"]["mode"] == "activate_scheduled_relative");
  CHECK(answer[0]["activation"]["activation_time"] == answer[1]["activation"]["activation_time"]);
  const auto calls = api.backend.calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].at == calls[1].at);
}

TEST_CASE("the routes API lists the inputs a route may name, with their IS-04 receiver and media") {
  RunningConnectionApi api;
  http::HttpClient client;
  const json inputs = get_ok(client, api.server.base_url() + "/x-crosspoint/v1/inputs");
  CHECK(inputs == json::parse(R"([{"input": "video-in", "receiver_id": ")" + test::kVideoReceiver +
                              R"(", "media": "video"}, {"input": "audio-in", "receiver_id": ")" +
                              test::kAudioReceiver + R"(", "media": "audio"}])"));
}
