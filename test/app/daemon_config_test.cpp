// The daemon's configuration keys for NMOS's optional features: BCP-002-01 group hints per input and output,
// BCP-002-02 asset tags under nmos.asset, attached_network_device per port. Each bad value is refused with an
// error naming the key's path, and what parses reaches the NodeDescription the resources are built from.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "config_node.hpp"
#include "daemon_config.hpp"
#include "node_description_from_config.hpp"

using namespace crosspoint;
using namespace crosspoint::app;
using nlohmann::json;

namespace {

json input(const std::string& id, const std::string& media, json extra = json::object()) {
  json value = {{"id", id}, {"media", media},
                {"legs", {{{"port", "p0"}, {"destination", "239.1.1.1"}, {"udp_port", 5004}}}}};
  value.update(extra);
  return value;
}

json output(const std::string& id, const std::string& media, json extra = json::object()) {
  json value = {{"id", id}, {"media", media}, {"legs", {{{"port", "p0"}, {"destination", "239.2.2.2"}}}}};
  value.update(extra);
  return value;
}

DaemonConfig parse(const json& document) { return parse_daemon_config(document, "."); }

// The ConfigError's text, or "" when the document parses.
std::string error_of(const json& document) {
  try {
    parse(document);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

nmos::GroupHint hint(std::string group, std::string role, bool node_scope = false) {
  return nmos::GroupHint{std::move(group), std::move(role), node_scope};
}

}  // namespace

TEST_CASE("group_hint is <group>[:<role>[:<scope>]]; the role defaults to the media's") {
  const auto config = parse({{"inputs",
                              {input("a", "video", {{"group_hint", "Camera 1:Main"}}),
                               input("b", "audio", {{"group_hint", "Camera 1"}}),
                               input("c", "ancillary", {{"group_hint", "Tally:left:node"}}),
                               input("d", "video", {{"group_hint", "Camera 1:Iso:device"}})}}});
  CHECK(config.inputs[0].group_hint == hint("Camera 1", "Main"));
  CHECK(config.inputs[1].group_hint == hint("Camera 1", "Audio"));
  CHECK(config.inputs[2].group_hint == hint("Tally", "left", true));
  CHECK(config.inputs[3].group_hint == hint("Camera 1", "Iso"));
}

TEST_CASE("without group_hint the label is the group and the media the role; a clash is numbered, ':' replaced") {
  const auto config = parse({{"inputs",
                              {input("cam", "video", {{"label", "Camera 1"}}),
                               input("cam-audio", "audio", {{"label", "Camera 1"}}),
                               input("ref", "video", {{"group_hint", "Studio:Video"}})}},
                             {"outputs",
                              {output("pgm", "video", {{"label", "Camera 1"}}), output("studio", "video", {{"label", "Studio"}}),
                               output("anc", "ancillary", {{"label", "PGM:captions"}}), output("bare", "audio")}}});
  CHECK(config.inputs[0].group_hint == hint("Camera 1", "Video"));
  CHECK(config.inputs[1].group_hint == hint("Camera 1", "Audio"));
  CHECK(config.inputs[2].group_hint == hint("Studio", "Video"));
  CHECK(config.outputs[0].group_hint == hint("Camera 1", "Video 2"));  // the input holds "Video" in that group
  CHECK(config.outputs[1].group_hint == hint("Studio", "Video 2"));    // a configured hint is never taken
  CHECK(config.outputs[2].group_hint == hint("PGM-captions", "Data"));
  CHECK(config.outputs[3].group_hint == hint("bare", "Audio"));        // no label: the id
}

TEST_CASE("a bad group_hint is refused, naming its key") {
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", "A:B:C:D"}})}}}) ==
        "inputs[0].group_hint: \"A:B:C:D\" is not <group>[:<role>[:<scope>]]");
  CHECK(error_of({{"outputs", {output("a", "video", {{"group_hint", "A:B:system"}})}}}) ==
        "outputs[0].group_hint: scope \"system\" is not one of device, node");
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", ":Video"}})}}}) ==
        "inputs[0].group_hint: \":Video\" has an empty group name");
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", "A:"}})}}}) ==
        "inputs[0].group_hint: \"A:\" has an empty role");
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", 7}})}}}) == "inputs[0].group_hint: must be a string");
}

TEST_CASE("two configured hints with one role in one group are refused, naming both keys") {
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", "Cam:Video"}})}},
                  {"outputs", {output("b", "video", {{"group_hint", "Cam:Video:device"}})}}}) ==
        "outputs[0].group_hint: role \"Video\" of group \"Cam\" is already taken by inputs[0].group_hint");
  // The same group and role in the other scope is another group.
  CHECK(error_of({{"inputs", {input("a", "video", {{"group_hint", "Cam:Video"}}),
                              input("b", "video", {{"group_hint", "Cam:Video:node"}})}}}) == "");
}

TEST_CASE("nmos.asset sets the BCP-002-02 tags; defaults name crosspoint") {
  const auto defaults = parse(json::object());
  CHECK(defaults.nmos.asset.manufacturer == "crosspoint");
  CHECK(defaults.nmos.asset.product == "crosspoint gateway");
  CHECK(defaults.nmos.asset.instance_id.empty());  // the node's seed stands in
  CHECK(!defaults.nmos.functions);

  const auto config = parse({{"nmos", {{"asset", {{"manufacturer", "Acme"}, {"product", "Widget Pro"},
                                                  {"instance_id", "XYZ123-456789"}, {"functions", {"Router"}}}}}}});
  CHECK(config.nmos.asset.manufacturer == "Acme");
  CHECK(config.nmos.asset.product == "Widget Pro");
  CHECK(config.nmos.asset.instance_id == "XYZ123-456789");
  CHECK(config.nmos.functions == std::vector<std::string>{"Router"});
}

TEST_CASE("a bad nmos.asset is refused, naming its key") {
  CHECK(error_of({{"nmos", {{"asset", {{"manufacturer", ""}}}}}}) == "nmos.asset.manufacturer: must not be empty");
  CHECK(error_of({{"nmos", {{"asset", {{"instance_id", ""}}}}}}) == "nmos.asset.instance_id: must not be empty");
  CHECK(error_of({{"nmos", {{"asset", {{"functions", json::array()}}}}}}) ==
        "nmos.asset.functions: must name at least one function");
  CHECK(error_of({{"nmos", {{"asset", {{"functions", {"Router", ""}}}}}}}) ==
        "nmos.asset.functions: must not hold an empty name");
  CHECK(error_of({{"nmos", {{"asset", {{"serial", "1"}}}}}}) == "nmos.asset.serial: unknown key");
  CHECK(error_of({{"nmos", {{"asset", "Acme"}}}}) == "nmos.asset: must be an object");
}

TEST_CASE("ports[].attached_network_device names the switch port; both ids are required") {
  const auto config = parse({{"ports", {{{"name", "p0"}, {"device", "net_null0"},
                                          {"attached_network_device", {{"chassis_id", "AA:BB:CC:00:11:22"},
                                                                       {"port_id", "Ethernet1/7"}}}},
                                         {{"name", "p1"}, {"device", "net_null1"}}}}});
  REQUIRE(config.attached_network_devices.size() == 1);
  CHECK(config.attached_network_devices.at("p0").port_id == "Ethernet1/7");
  CHECK(error_of({{"ports", {{{"name", "p0"}, {"device", "x"}, {"attached_network_device", {{"chassis_id", "sw1"}}}}}}}) ==
        "ports[0].attached_network_device.port_id: is required");
  CHECK(error_of({{"ports", {{{"name", "p0"}, {"device", "x"},
                              {"attached_network_device", {{"chassis_id", ""}, {"port_id", "1"}}}}}}}) ==
        "ports[0].attached_network_device.chassis_id: must not be empty");
  CHECK(error_of({{"ports", {{{"name", "p0"}, {"device", "x"},
                              {"attached_network_device", {{"chassis_id", "a"}, {"port_id", "1"}, {"vlan", 5}}}}}}}) ==
        "ports[0].attached_network_device.vlan: unknown key");
}

TEST_CASE("what the config says reaches the node description: hints, asset, functions, attached device") {
  const auto config = parse({{"ports", {{{"name", "p0"}, {"device", "net_null0"}, {"mac", "02:00:00:00:00:01"},
                                          {"attached_network_device", {{"chassis_id", "AA:BB:CC:00:11:22"},
                                                                       {"port_id", "Ethernet1/7"}}}},
                                         {{"name", "p1"}, {"device", "net_null1"}, {"mac", "02:00:00:00:00:02"}}}},
                             {"inputs", {input("cam", "video", {{"group_hint", "Cam:Video"}})}},
                             {"outputs", {output("pgm", "video", {{"label", "Programme"}})}},
                             {"nmos", {{"seed", "s"}, {"asset", {{"instance_id", "SN1"}, {"functions", {"Router"}}}}}}});
  const nmos::NodeDescription node = describe_node(config, "host", {});
  CHECK(node.asset.instance_id == "SN1");
  REQUIRE(node.devices.size() == 1);
  CHECK(node.devices[0].functions == std::vector<std::string>{"Router"});
  REQUIRE(node.interfaces.size() == 2);
  REQUIRE(node.interfaces[0].attached);
  CHECK(node.interfaces[0].attached->chassis_id == "aa-bb-cc-00-11-22");  // a MAC in LLDP's dashed form
  CHECK(node.interfaces[0].attached->port_id == "Ethernet1/7");           // anything else as written
  CHECK(!node.interfaces[1].attached);
  CHECK(node.inputs[0].group_hint == hint("Cam", "Video"));
  CHECK(node.outputs[0].group_hint == hint("Programme", "Video"));
}

TEST_CASE("inputs[].max_skew_us and max_packet_rate size the 2022-7 playout buffer; past 500 ms is refused by key") {
  const auto config = parse({{"inputs",
                              {input("wan", "video", {{"max_skew_us", 150000}, {"max_packet_rate", 270000}}),
                               input("local", "audio")}}});
  CHECK(config.inputs[0].engine.max_skew_us == 150000);
  CHECK(config.inputs[0].engine.max_packet_rate == 270000);
  CHECK(config.inputs[1].engine.max_skew_us == 3000);
  CHECK(config.inputs[1].engine.max_packet_rate == 0);
  CHECK(error_of({{"inputs", {input("far", "video", {{"max_skew_us", 500001}})}}}).find("inputs[0].max_skew_us") !=
        std::string::npos);
}

TEST_CASE("ptp.lock_threshold_ns sets when the slave says locked; it defaults to 2 us") {
  CHECK(parse(json::object()).ptp.clock.lock.lock_threshold_ns == 2000);
  CHECK(parse({{"ptp", {{"lock_threshold_ns", 20000}}}}).ptp.clock.lock.lock_threshold_ns == 20000);
  CHECK(error_of({{"ptp", {{"lock_threshold_ns", "wide"}}}}).find("ptp.lock_threshold_ns") != std::string::npos);
  CHECK(error_of({{"ptp", {{"lock_threshold_ns", 50000}}}}).find("ptp.lock_threshold_ns") != std::string::npos);
  CHECK(error_of({{"ptp", {{"lock_threshold_ns", 0}}}}).find("ptp.lock_threshold_ns") != std::string::npos);
}

TEST_CASE("the header pool holds every copy the paced outputs' queues can hold, unless configured smaller (a warning)") {
  const char* source_dir = std::getenv("CROSSPOINT_SOURCE_DIR");
  REQUIRE(source_dir != nullptr);
  const std::filesystem::path captures = std::filesystem::path(source_dir) / "captures";
  const auto parse_here = [&captures](const json& document) { return parse_daemon_config(document, captures); };
  const auto audio = [](const std::string& id, json extra = json::object()) {
    extra["sdp"] = "audio_l24_8ch_125us.sdp";
    return output(id, "audio", extra);
  };
  const json outputs = {audio("a"), audio("b"), audio("c", {{"pacing", "passthrough"}})};
  // Paced audio: 2048 slots each (the fewest); passthrough: a burst of 32. Two mbufs per copy.
  const auto few = parse_here({{"outputs", outputs}});
  std::vector<engine::OutputConfig> engine_outputs;
  for (const auto& o : few.outputs) engine_outputs.push_back(o.engine);
  CHECK(engine::fan_out_header_mbufs(engine_outputs, 32) == 2 * (2048 + 2048 + 32));

  // Below the default 16383 the default stays.
  CHECK(few.engine.mempools.header_mbufs == 16383);
  json many = json::array();
  for (int i = 0; i < 8; ++i) many.push_back(audio("o" + std::to_string(i)));
  const auto sized = parse_here({{"outputs", many}});
  CHECK(sized.engine.mempools.header_mbufs == 2 * 8 * 2048);
  CHECK(sized.warnings.empty());

  const auto kept = parse_here({{"outputs", many}, {"mempools", {{"header_mbufs", 4095}}}});
  CHECK(kept.engine.mempools.header_mbufs == 4095);
  REQUIRE(kept.warnings.size() == 1);
  CHECK(kept.warnings[0].find("mempools.header_mbufs 4095 is below the 32768") == 0);
}
