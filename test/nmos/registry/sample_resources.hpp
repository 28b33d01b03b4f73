// Valid IS-04 v1.3 resources for registry tests: each passes the AMWA schemas, ids come from small numbers so
// expectations stay readable.
#pragma once

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos::registry::test {

// "00000000-0000-4000-8000-00000000002a" for 42: a valid version 4 UUID per number.
inline std::string sample_id(unsigned number) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012x", number);
  return text;
}

inline nlohmann::json resource_core(const std::string& id, const std::string& label) {
  return {{"id", id}, {"version", "1700000000:0"}, {"label", label}, {"description", label}, {"tags", nlohmann::json::object()}};
}

inline nlohmann::json sample_node(const std::string& id, const std::string& label = "node") {
  auto node = resource_core(id, label);
  node["href"] = "http://127.0.0.1:12345/";
  node["hostname"] = "crosspoint-test";
  node["api"] = {{"versions", {"v1.3"}},
                 {"endpoints", {{{"host", "127.0.0.1"}, {"port", 12345}, {"protocol", "http"}, {"authorization", false}}}}};
  node["caps"] = nlohmann::json::object();
  node["services"] = nlohmann::json::array();
  node["clocks"] = {{{"name", "clk0"}, {"ref_type", "internal"}}};
  node["interfaces"] = {{{"name", "eth0"}, {"chassis_id", "74-26-96-db-87-31"}, {"port_id", "74-26-96-db-87-31"}}};
  return node;
}

inline nlohmann::json sample_device(const std::string& id, const std::string& node_id) {
  auto device = resource_core(id, "device");
  device["type"] = "urn:x-nmos:device:generic";
  device["node_id"] = node_id;
  device["senders"] = nlohmann::json::array();
  device["receivers"] = nlohmann::json::array();
  device["controls"] = nlohmann::json::array();
  return device;
}

inline nlohmann::json sample_video_source(const std::string& id, const std::string& device_id) {
  auto source = resource_core(id, "video source");
  source["format"] = "urn:x-nmos:format:video";
  source["caps"] = nlohmann::json::object();
  source["device_id"] = device_id;
  source["parents"] = nlohmann::json::array();
  source["clock_name"] = "clk0";
  source["grain_rate"] = {{"numerator", 50}, {"denominator", 1}};
  return source;
}

inline nlohmann::json sample_video_flow(const std::string& id, const std::string& source_id,
                                        const std::string& device_id) {
  auto flow = resource_core(id, "video flow");
  flow["format"] = "urn:x-nmos:format:video";
  flow["source_id"] = source_id;
  flow["device_id"] = device_id;
  flow["parents"] = nlohmann::json::array();
  flow["grain_rate"] = {{"numerator", 50}, {"denominator", 1}};
  flow["media_type"] = "video/raw";
  flow["frame_width"] = 1920;
  flow["frame_height"] = 1080;
  flow["interlace_mode"] = "progressive";
  flow["colorspace"] = "BT709";
  flow["transfer_characteristic"] = "SDR";
  flow["components"] = {{{"name", "Y"}, {"width", 1920}, {"height", 1080}, {"bit_depth", 10}},
                        {{"name", "Cb"}, {"width", 960}, {"height", 1080}, {"bit_depth", 10}},
                        {{"name", "Cr"}, {"width", 960}, {"height", 1080}, {"bit_depth", 10}}};
  return flow;
}

inline nlohmann::json sample_sender(const std::string& id, const std::string& device_id, const std::string& flow_id) {
  auto sender = resource_core(id, "sender");
  sender["flow_id"] = flow_id;
  sender["transport"] = "urn:x-nmos:transport:rtp.mcast";
  sender["device_id"] = device_id;
  sender["manifest_href"] = "http://127.0.0.1:12345/x-nmos/connection/v1.1/single/senders/" + id + "/transportfile";
  sender["interface_bindings"] = {"eth0"};
  sender["subscription"] = {{"receiver_id", nullptr}, {"active", false}};
  return sender;
}

inline nlohmann::json sample_video_receiver(const std::string& id, const std::string& device_id) {
  auto receiver = resource_core(id, "receiver");
  receiver["format"] = "urn:x-nmos:format:video";
  receiver["caps"] = {{"media_types", {"video/raw"}}};
  receiver["device_id"] = device_id;
  receiver["transport"] = "urn:x-nmos:transport:rtp.mcast";
  receiver["interface_bindings"] = {"eth0"};
  receiver["subscription"] = {{"sender_id", nullptr}, {"active", false}};
  return receiver;
}

}  // namespace crosspoint::nmos::registry::test
