// The Node API over TCP, v1.3 and v1.2 from one model: every endpoint, every body checked against the AMWA
// schemas, the resources saying what the engine's formats are, and the error paths.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "nmos/http/http_client.hpp"
#include "node_fixture.hpp"
#include "schema_check.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using nlohmann::json;
using http::Method;

namespace {

json get_json(http::HttpClient& client, const std::string& url, unsigned expected_status = 200) {
  const auto response = client.request(Method::get, url);
  REQUIRE(response);
  INFO(url << " -> " << response->body());
  REQUIRE(response->result_int() == expected_status);
  return json::parse(response->body());
}

json find_by(const json& array, const std::string& key, const json& value) {
  for (const json& item : array)
    if (item.at(key) == value) return item;
  FAIL("no item with " << key << " = " << value.dump());
  return {};
}

void require_valid(test::SchemaCheck& check) {
  const auto failures = check.failures();
  for (const std::string& f : failures) UNSCOPED_INFO(f);
  REQUIRE(failures.empty());
}

}  // namespace

TEST_CASE("every Node API endpoint answers with a body valid against the AMWA schemas, at v1.3 and v1.2") {
  test::RunningNode node;
  http::HttpClient client;
  test::SchemaCheck check;
  for (const std::string version : {"v1.3", "v1.2"}) {
    const std::string base = node.url + "/x-nmos/node/" + version;
    const json listing = get_json(client, base + "/");
    check.expect("nodeapi-base.json", listing, base + "/");
    REQUIRE(listing.size() == 6);
    check.expect("node.json", get_json(client, base + "/self"), base + "/self");
    for (const std::string collection : {"devices", "sources", "flows", "senders", "receivers"}) {
      const json items = get_json(client, base + "/" + collection);
      REQUIRE(!items.empty());
      check.expect(collection + ".json", items, base + "/" + collection);
      const std::string singular = collection.substr(0, collection.size() - 1);
      for (const json& item : items) {
        const std::string item_url = base + "/" + collection + "/" + item["id"].get<std::string>();
        const json fetched = get_json(client, item_url);
        REQUIRE(fetched == item);
        check.expect(singular + ".json", fetched, item_url);
      }
    }
  }
  REQUIRE(get_json(client, node.url + "/x-nmos/node/") == json{"v1.2/", "v1.3/"});
  REQUIRE(get_json(client, node.url + "/x-nmos/") == json{"node/"});
  require_valid(check);
}

TEST_CASE("v1.2 responses leave out what only v1.3 defines") {
  test::RunningNode node;
  http::HttpClient client;
  const json v13 = get_json(client, node.url + "/x-nmos/node/v1.3/self");
  const json v12 = get_json(client, node.url + "/x-nmos/node/v1.2/self");
  REQUIRE(v13["api"]["endpoints"][0].contains("authorization"));
  REQUIRE(!v12["api"]["endpoints"][0].contains("authorization"));
  REQUIRE(v12["id"] == v13["id"]);
  REQUIRE(v12["api"]["versions"] == json{"v1.2", "v1.3"});
}

TEST_CASE("the node describes its API endpoint, interfaces and clocks") {
  test::RunningNode node;
  http::HttpClient client;
  const json self = get_json(client, node.url + "/x-nmos/node/v1.3/self");
  REQUIRE(self["href"] == node.url + "/");
  REQUIRE(self["api"]["endpoints"][0]["port"] == node.server.port());
  REQUIRE(self["interfaces"][0] == json{{"name", "eth0"},
                                         {"chassis_id", "02-00-00-00-00-01"},
                                         {"port_id", "02-00-00-00-00-01"},
                                         {"attached_network_device",
                                          {{"chassis_id", "74-26-96-db-87-31"}, {"port_id", "Ethernet1/7"}}}});
  REQUIRE(self["interfaces"][1]["chassis_id"].is_null());
  REQUIRE(!self["interfaces"][1].contains("attached_network_device"));  // not known: left out, not invented
  const json ptp = find_by(self["clocks"], "name", "clk0");
  REQUIRE(ptp["ref_type"] == "ptp");
  REQUIRE(ptp["gmid"].get<std::string>().size() == 23);
  REQUIRE(find_by(self["clocks"], "name", "clk1")["ref_type"] == "internal");
}

TEST_CASE("attached_network_device is a v1.3 key: v1.2 interfaces leave it out") {
  test::RunningNode node;
  http::HttpClient client;
  const json v12 = get_json(client, node.url + "/x-nmos/node/v1.2/self");
  REQUIRE(v12["interfaces"][0]["port_id"] == "02-00-00-00-00-01");
  REQUIRE(!v12["interfaces"][0].contains("attached_network_device"));
}

TEST_CASE("the node and its device carry BCP-002-02 asset tags, exactly one value each, the device its functions") {
  test::RunningNode node;
  http::HttpClient client;
  for (const std::string version : {"v1.3", "v1.2"}) {
    const std::string base = node.url + "/x-nmos/node/" + version;
    const json self_tags = get_json(client, base + "/self")["tags"];
    REQUIRE(self_tags["urn:x-nmos:tag:asset:manufacturer/v1.0"] == json{"crosspoint"});
    REQUIRE(self_tags["urn:x-nmos:tag:asset:product/v1.0"] == json{"crosspoint gateway"});
    REQUIRE(self_tags["urn:x-nmos:tag:asset:instance-id/v1.0"] == json{"SN-0042"});
    REQUIRE(!self_tags.contains("urn:x-nmos:tag:asset:function/v1.0"));  // a node has no function
    const json devices = get_json(client, base + "/devices");
    REQUIRE(devices.size() == 1);
    const json& device_tags = devices[0]["tags"];
    // A lone device may share its node's identity (BCP-002-02 allows it).
    for (const char* tag : {"urn:x-nmos:tag:asset:manufacturer/v1.0", "urn:x-nmos:tag:asset:product/v1.0",
                            "urn:x-nmos:tag:asset:instance-id/v1.0"})
      REQUIRE(device_tags[tag] == self_tags[tag]);
    REQUIRE(device_tags["urn:x-nmos:tag:asset:function/v1.0"] == json{"Router", "Gateway"});
  }
}

TEST_CASE("without an instance id the node's seed identifies it; several devices each get their own") {
  test::RunningNode node({}, "seed-7", [](NodeDescription& d) {
    d.asset = AssetDescription{"Acme", "Widget Pro", ""};
    d.devices = {DeviceDescription{"main", "Router", "", {"Router"}},
                 DeviceDescription{"aux", "Converter", "", {"Converter", "Analyzer"}}};
  });
  http::HttpClient client;
  const json self_tags = get_json(client, node.url + "/x-nmos/node/v1.3/self")["tags"];
  REQUIRE(self_tags["urn:x-nmos:tag:asset:manufacturer/v1.0"] == json{"Acme"});
  REQUIRE(self_tags["urn:x-nmos:tag:asset:instance-id/v1.0"] == json{"seed-7"});
  const json devices = get_json(client, node.url + "/x-nmos/node/v1.3/devices");
  const json aux = find_by(devices, "label", "Converter");
  REQUIRE(find_by(devices, "label", "Router")["tags"]["urn:x-nmos:tag:asset:instance-id/v1.0"] == json{"seed-7-main"});
  REQUIRE(aux["tags"]["urn:x-nmos:tag:asset:instance-id/v1.0"] == json{"seed-7-aux"});
  REQUIRE(aux["tags"]["urn:x-nmos:tag:asset:function/v1.0"] == json{"Converter", "Analyzer"});
  REQUIRE(aux["tags"]["urn:x-nmos:tag:asset:product/v1.0"] == json{"Widget Pro"});
}

TEST_CASE("senders and receivers carry their BCP-002-01 group hint; roles are unique within each group") {
  test::RunningNode node;
  http::HttpClient client;
  const std::string base = node.url + "/x-nmos/node/v1.3";
  const json senders = get_json(client, base + "/senders");
  const json receivers = get_json(client, base + "/receivers");
  const char* tag = "urn:x-nmos:tag:grouphint/v1.0";
  REQUIRE(find_by(senders, "label", "Video out")["tags"][tag] == json{"Studio A:Video"});
  REQUIRE(find_by(senders, "label", "Audio out")["tags"][tag] == json{"Studio A:Audio 1"});
  REQUIRE(find_by(receivers, "label", "Video in")["tags"][tag] == json{"Return 1:Video:node"});
  REQUIRE(!find_by(senders, "label", "Anc out")["tags"].contains(tag));
  REQUIRE(!find_by(receivers, "label", "Audio in")["tags"].contains(tag));

  // The format as the AMWA IS-04-01 check reads it: group:role[:scope], scope device or node, and no role twice
  // in one group of one scope across senders and receivers together.
  std::map<std::string, std::set<std::string>> roles_by_group;
  for (const json* collection : {&senders, &receivers}) {
    for (const json& resource : *collection) {
      if (!resource["tags"].contains(tag)) continue;
      REQUIRE(resource["tags"][tag].size() == 1);
      const std::string value = resource["tags"][tag][0];
      static const std::regex kFormat("^([^:]+):([^:]+)(:(device|node))?$");
      std::smatch parts;
      INFO(value);
      REQUIRE(std::regex_match(value, parts, kFormat));
      const std::string scope = parts[4].matched && parts[4] == "node" ? std::string("node")
                                                                      : resource["device_id"].get<std::string>();
      REQUIRE(roles_by_group[scope + "/" + parts[1].str()].insert(parts[2]).second);
    }
  }
  REQUIRE(roles_by_group.size() == 2);
}

TEST_CASE("a video output becomes a raw video flow with frame size, interlace, colour and components") {
  test::RunningNode node;
  http::HttpClient client;
  const json flows = get_json(client, node.url + "/x-nmos/node/v1.3/flows");
  const json video = find_by(flows, "label", "Video out");
  REQUIRE(video["format"] == "urn:x-nmos:format:video");
  REQUIRE(video["media_type"] == "video/raw");
  REQUIRE(video["frame_width"] == 1920);
  REQUIRE(video["frame_height"] == 1080);
  REQUIRE(video["interlace_mode"] == "interlaced_tff");
  REQUIRE(video["colorspace"] == "BT709");
  REQUIRE(video["transfer_characteristic"] == "SDR");
  REQUIRE(video["grain_rate"] == json{{"numerator", 30000}, {"denominator", 1001}});
  REQUIRE(video["components"] == json::parse(R"([
    {"name":"Y","width":1920,"height":1080,"bit_depth":10},
    {"name":"Cb","width":960,"height":1080,"bit_depth":10},
    {"name":"Cr","width":960,"height":1080,"bit_depth":10}])"));
  const json source = get_json(client, node.url + "/x-nmos/node/v1.3/sources/" + video["source_id"].get<std::string>());
  REQUIRE(source["format"] == "urn:x-nmos:format:video");
  REQUIRE(source["clock_name"] == "clk0");
}

TEST_CASE("an audio output becomes an L24 flow with its sample rate and a source with its channels") {
  test::RunningNode node;
  http::HttpClient client;
  const json audio = find_by(get_json(client, node.url + "/x-nmos/node/v1.3/flows"), "label", "Audio out");
  REQUIRE(audio["media_type"] == "audio/L24");
  REQUIRE(audio["sample_rate"] == json{{"numerator", 48000}});
  REQUIRE(audio["bit_depth"] == 24);
  const json source = get_json(client, node.url + "/x-nmos/node/v1.3/sources/" + audio["source_id"].get<std::string>());
  REQUIRE(source["format"] == "urn:x-nmos:format:audio");
  REQUIRE(source["channels"].size() == 4);
  REQUIRE(source["channels"][0]["label"] == "L");
  REQUIRE(source["channels"][3]["label"] == "Channel 4");
}

TEST_CASE("an ancillary output becomes an SMPTE 291 data flow listing its DID/SDID") {
  test::RunningNode node;
  http::HttpClient client;
  const json anc = find_by(get_json(client, node.url + "/x-nmos/node/v1.3/flows"), "label", "Anc out");
  REQUIRE(anc["format"] == "urn:x-nmos:format:data");
  REQUIRE(anc["media_type"] == "video/smpte291");
  REQUIRE(anc["DID_SDID"] == json::parse(R"([{"DID":"0x61","SDID":"0x01"},{"DID":"0x41","SDID":"0x05"}])"));
}

TEST_CASE("senders carry transport, interface bindings, subscription and, with the Connection API on, its transport file") {
  test::RunningNode node({}, "test-node", [](NodeDescription& d) { d.connection_api = true; });
  http::HttpClient client;
  test::SchemaCheck check;
  const json senders = get_json(client, node.url + "/x-nmos/node/v1.3/senders");
  check.expect("senders.json", senders, "senders");
  const json video = find_by(senders, "label", "Video out");
  REQUIRE(video["transport"] == "urn:x-nmos:transport:rtp.mcast");
  REQUIRE(video["manifest_href"] ==
          node.url + "/x-nmos/connection/v1.1/single/senders/" + video["id"].get<std::string>() + "/transportfile");
  REQUIRE(video["interface_bindings"] == json{"eth0", "eth1"});
  REQUIRE(video["subscription"] == json{{"receiver_id", nullptr}, {"active", true}});
  REQUIRE(find_by(senders, "label", "Audio out")["transport"] == "urn:x-nmos:transport:rtp.ucast");
  REQUIRE(find_by(senders, "label", "Anc out")["interface_bindings"] == json{"eth0", "eth1"});
  const json device = get_json(client, node.url + "/x-nmos/node/v1.3/devices")[0];
  REQUIRE(device["senders"].size() == 3);
  REQUIRE(device["receivers"].size() == 3);
  REQUIRE(device["controls"][0]["type"] == "urn:x-nmos:control:sr-ctrl/v1.1");
  REQUIRE(device["controls"][0]["href"] == node.url + "/x-nmos/connection/v1.1/");
  check.expect("device.json", device, "devices[0]");
  require_valid(check);
}

TEST_CASE("until the Connection API is switched on, nothing points at /x-nmos/connection") {
  REQUIRE_FALSE(NodeDescription{}.connection_api);
  test::RunningNode node;
  http::HttpClient client;
  for (const std::string version : {"v1.3", "v1.2"}) {
    const std::string base = node.url + "/x-nmos/node/" + version;
    for (const std::string path : {"/self", "/devices", "/sources", "/flows", "/senders", "/receivers"}) {
      const std::string body = get_json(client, base + path).dump();
      INFO(base + path << " -> " << body);
      REQUIRE(body.find("/x-nmos/connection") == std::string::npos);
      REQUIRE(body.find("sr-ctrl") == std::string::npos);
    }
    const json senders = get_json(client, base + "/senders");
    REQUIRE(senders.size() == 3);
    for (const json& sender : senders) REQUIRE(sender.at("manifest_href").is_null());
    for (const json& device : get_json(client, base + "/devices")) REQUIRE(device.at("controls").empty());
  }
}

TEST_CASE("receivers state their media types and, for a known format, BCP-004 constraint sets") {
  test::RunningNode node;
  http::HttpClient client;
  const json receivers = get_json(client, node.url + "/x-nmos/node/v1.3/receivers");
  const json video = find_by(receivers, "label", "Video in");
  REQUIRE(video["format"] == "urn:x-nmos:format:video");
  REQUIRE(video["caps"]["media_types"] == json{"video/raw"});
  const json set = video["caps"]["constraint_sets"][0];
  REQUIRE(set["urn:x-nmos:cap:format:frame_width"]["enum"] == json{1920});
  REQUIRE(set["urn:x-nmos:cap:format:color_sampling"]["enum"] == json{"YCbCr-4:2:2"});
  REQUIRE(set["urn:x-nmos:cap:format:interlace_mode"]["enum"] == json{"interlaced_tff"});
  // BCP-004-01 metadata: every set labelled (IS-04-01 warns when only some are), preferred, enabled.
  REQUIRE(set["urn:x-nmos:cap:meta:label"] == "1920x1080i 29.97 fps YCbCr-4:2:2 10-bit");
  REQUIRE(set["urn:x-nmos:cap:meta:preference"] == 100);
  REQUIRE(set["urn:x-nmos:cap:meta:enabled"] == true);
  const json anc_set = find_by(receivers, "label", "Anc in")["caps"]["constraint_sets"][0];
  REQUIRE(anc_set["urn:x-nmos:cap:meta:label"] == "SMPTE 291 ancillary 59.94 fps");
  REQUIRE(anc_set["urn:x-nmos:cap:meta:enabled"] == true);
  const json audio = find_by(receivers, "label", "Audio in");
  REQUIRE(audio["caps"]["media_types"] == json{"audio/L24", "audio/L16"});
  REQUIRE(!audio["caps"].contains("constraint_sets"));
  REQUIRE(find_by(receivers, "label", "Anc in")["caps"]["media_types"] == json{"video/smpte291"});
  // Constraint sets validate against BCP-004-01's own schema too.
  test::SchemaCheck check;
  const std::string bcp004 = std::string(std::getenv("CROSSPOINT_SOURCE_DIR")) + "/nmos/schemas/bcp-004-01-v1.0";
  REQUIRE(setenv("CROSSPOINT_SCHEMA_DIR", bcp004.c_str(), 1) == 0);
  check.expect("constraint_sets.json", video["caps"]["constraint_sets"], "video constraint sets");
  check.expect("receiver_constraint_sets.json", video, "video receiver");
  check.expect("constraint_set.json", set, "video constraint set");
  check.expect("constraint_set.json", anc_set, "ancillary constraint set");
  require_valid(check);
  unsetenv("CROSSPOINT_SCHEMA_DIR");
}

TEST_CASE("an audio input of known format gets a constraint set labelled by encoding, channels, rate and packet time") {
  test::RunningNode node({}, "test-node", [](NodeDescription& d) {
    st2110::AudioFormat audio;
    audio.encoding = st2110::AudioEncoding::kL16;
    audio.channels = 8;
    audio.sample_rate = 96000;
    audio.packet_time_us = 125;
    d.inputs[1].format = audio;
  });
  http::HttpClient client;
  const json audio = find_by(get_json(client, node.url + "/x-nmos/node/v1.3/receivers"), "label", "Audio in");
  const json set = audio["caps"]["constraint_sets"][0];
  REQUIRE(set["urn:x-nmos:cap:meta:label"] == "L16 8 ch 96 kHz 0.125 ms packets");
  REQUIRE(set["urn:x-nmos:cap:format:channel_count"]["enum"] == json{8});
  REQUIRE(set["urn:x-nmos:cap:transport:packet_time"]["enum"] == json{0.125});
}

TEST_CASE("ids are stable for the same seed and differ between seeds") {
  ClockModel clock;
  NodeModel a(test::sample_description(1000, "seed-a"), clock);
  NodeModel a_again(test::sample_description(2000, "seed-a"), clock);
  NodeModel b(test::sample_description(1000, "seed-b"), clock);
  REQUIRE(a.node_id() == a_again.node_id());
  REQUIRE(a.collection(ResourceType::kSender) .size() == 3);
  REQUIRE(a.sender_id_for("video-out") == a_again.sender_id_for("video-out"));
  REQUIRE(a.node_id() != b.node_id());
  REQUIRE(a.sender_id_for("video-out") != b.sender_id_for("video-out"));
  REQUIRE(!a.sender_id_for("no-such-output"));
}

TEST_CASE("PUT target on a receiver is accepted with 202, applied through the daemon, and bumps the version") {
  // The applier and the observer run on the Node API's worker thread: they only count, the test asserts here.
  std::atomic<int> applied{0};
  std::atomic<int> applied_without_receiver{0};
  test::RunningNode node([&](const ReceiverTarget& target) -> std::optional<std::string> {
    if (target.receiver_id.empty()) ++applied_without_receiver;
    ++applied;
    return std::nullopt;
  });
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string receiver_id = *node.model->receiver_id_for("video-in");
  const std::string sender_id = *node.model->sender_id_for("video-out");
  const json sender = get_json(client, node.url + "/x-nmos/node/v1.3/senders/" + sender_id);
  const json before = get_json(client, node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id);
  std::atomic<int> changes{0};
  node.model->observe([&changes](const ResourceChange& change) {
    if (change.type == ResourceType::kReceiver) ++changes;
  });

  const std::string target_url = node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id + "/target";
  auto response = client.request(Method::put, target_url, sender.dump());
  REQUIRE(response->result_int() == 202);
  REQUIRE(json::parse(response->body()) == sender);
  check.expect("nodeapi-receiver-target.json", json::parse(response->body()), "PUT target response");

  json after;
  for (int i = 0; i < 200; ++i) {
    after = get_json(client, node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id);
    if (after["subscription"]["active"] == true) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(after["subscription"] == json{{"sender_id", sender_id}, {"active", true}});
  REQUIRE(*PtpTime::parse_nmos(after["version"].get<std::string>()) > *PtpTime::parse_nmos(before["version"].get<std::string>()));
  REQUIRE(applied == 1);
  // Observers hear of a change after it is visible through the API.
  for (int i = 0; i < 200 && changes < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(changes == 1);

  response = client.request(Method::put, target_url, "{}");
  REQUIRE(response->result_int() == 202);
  REQUIRE(response->body() == "{}");
  for (int i = 0; i < 200 && applied < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (int i = 0; i < 200; ++i) {
    after = get_json(client, node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id);
    if (after["subscription"]["active"] == false) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(after["subscription"] == json{{"sender_id", nullptr}, {"active", false}});
  REQUIRE(applied_without_receiver == 0);
  require_valid(check);
}

TEST_CASE("a target the daemon refuses leaves the receiver's subscription as it was") {
  std::atomic<int> asked{0};
  test::RunningNode node([&asked](const ReceiverTarget&) -> std::optional<std::string> {
    ++asked;
    return std::string("transport not supported");
  });
  http::HttpClient client;
  const std::string receiver_id = *node.model->receiver_id_for("video-in");
  const json sender = get_json(client, node.url + "/x-nmos/node/v1.3/senders/" + *node.model->sender_id_for("video-out"));
  REQUIRE(client.request(Method::put, node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id + "/target", sender.dump())
              ->result_int() == 202);
  for (int i = 0; i < 200 && asked == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(asked == 1);
  REQUIRE(get_json(client, node.url + "/x-nmos/node/v1.3/receivers/" + receiver_id)["subscription"]["active"] == false);
}

TEST_CASE("bad requests get NMOS error bodies with the right status") {
  test::RunningNode node;
  http::HttpClient client;
  test::SchemaCheck check;
  const std::string base = node.url + "/x-nmos/node/v1.3";
  const std::string receiver_id = *node.model->receiver_id_for("video-in");
  const std::string target_url = base + "/receivers/" + receiver_id + "/target";
  json sender = get_json(client, base + "/senders/" + *node.model->sender_id_for("video-out"));

  auto expect_error = [&](Method method, const std::string& url, const std::string& body, unsigned status) {
    const auto response = client.request(method, url, body);
    REQUIRE(response);
    INFO(url << " " << body.substr(0, 80) << " -> " << response->body());
    REQUIRE(response->result_int() == status);
    const json error = json::parse(response->body());
    REQUIRE(error["code"] == status);
    check.expect("error.json", error, url);
    return error;
  };
  expect_error(Method::get, base + "/senders/00000000-0000-4000-8000-000000000000", "", 404);
  expect_error(Method::get, base + "/senders/not-a-uuid", "", 404);
  expect_error(Method::get, node.url + "/x-nmos/node/v1.4/self", "", 404);
  expect_error(Method::get, node.url + "/x-nmos/node/v2.0/", "", 404);
  expect_error(Method::get, base + "/bogus", "", 404);
  expect_error(Method::post, base + "/self", "{}", 405);
  expect_error(Method::delete_, base + "/senders", "", 405);
  expect_error(Method::put, base + "/receivers/00000000-0000-4000-8000-000000000000/target", "{}", 404);
  expect_error(Method::put, base + "/receivers/xyz/target", "{}", 404);
  expect_error(Method::put, target_url, "{\"id\": ", 400);
  expect_error(Method::put, target_url, "[]", 400);
  expect_error(Method::put, target_url, "\"text\"", 400);

  json wrong_type = sender;
  wrong_type["transport"] = 42;
  const json wrong = expect_error(Method::put, target_url, wrong_type.dump(), 400);
  REQUIRE(wrong["error"].get<std::string>().find("transport") != std::string::npos);

  json bad_id = sender;
  bad_id["id"] = "ABC";
  REQUIRE(expect_error(Method::put, target_url, bad_id.dump(), 400)["error"].get<std::string>().find("id") !=
          std::string::npos);
  json missing = sender;
  missing.erase("flow_id");
  REQUIRE(expect_error(Method::put, target_url, missing.dump(), 400)["error"].get<std::string>().find("flow_id") !=
          std::string::npos);
  expect_error(Method::put, target_url, R"({"unexpected": true})", 400);
  REQUIRE(get_json(client, base + "/self")["id"] == node.model->node_id());  // still serving
  require_valid(check);
}

TEST_CASE("the node's version changes when the PTP clock's traceability changes, and only then") {
  test::RunningNode node;
  const std::string before = node.model->self()["version"];
  REQUIRE(!node.model->refresh_clocks());
  ClockTraceability locked = node.clock.traceability();
  locked.locked = true;
  locked.grandmaster_id = {0x00, 0x1b, 0x21, 0xff, 0xfe, 0x01, 0x02, 0x03};
  node.clock.publish(locked);
  REQUIRE(node.model->refresh_clocks());
  const json self = node.model->self();
  REQUIRE(self["version"] != before);
  const json clock = self["clocks"][0];
  REQUIRE(clock["locked"] == true);
  REQUIRE(clock["gmid"] == "00-1b-21-ff-fe-01-02-03");
}

// Not part of the suite (hidden tag): `nmos_node_api_test "[.wrk]"` measures the Node API with wrk.
TEST_CASE("wrk measures GET /x-nmos/node/v1.3/senders", "[.wrk]") {
  test::RunningNode node;
  const std::string command = "wrk -t2 -c50 -d5s --latency " + node.url + "/x-nmos/node/v1.3/senders 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  pclose(pipe);
  std::printf("%s\n", output.c_str());
  REQUIRE(output.find("Requests/sec") != std::string::npos);
  REQUIRE(output.find("Non-2xx") == std::string::npos);
}
