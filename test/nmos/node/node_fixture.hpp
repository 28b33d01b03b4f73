// A node as the daemon would describe it (video, audio and ancillary outputs and inputs) served by a real
// server on a free port: shared by the Node API and registration tests.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "nmos/http/server.hpp"
#include "nmos/node/node_api.hpp"
#include "nmos/node/node_model.hpp"

namespace crosspoint::nmos::test {

inline NodeDescription sample_description(std::uint16_t port, std::string seed = "test-node") {
  NodeDescription d;
  d.seed = std::move(seed);
  d.label = "crosspoint test";
  d.hostname = "crosspoint-test";
  d.endpoints = {{"127.0.0.1", port, "http"}};
  d.interfaces = {{"eth0", "02-00-00-00-00-01", "02-00-00-00-00-01", AttachedNetworkDevice{"74-26-96-db-87-31", "Ethernet1/7"}},
                  {"eth1", "", "02-00-00-00-00-02", std::nullopt}};
  d.asset.instance_id = "SN-0042";
  d.clocks = {{"clk0", ClockKind::kPtp}, {"clk1", ClockKind::kInternal}};

  st2110::VideoFormat video;
  video.width = 1920;
  video.height = 1080;
  video.exact_frame_rate = Rational{30000, 1001};
  video.interlaced = true;
  video.sampling = st2110::Sampling::kYCbCr422;
  video.depth = st2110::Depth::k10;
  st2110::AudioFormat audio;
  audio.channels = 4;
  st2110::AncFormat anc;
  anc.data_ids = {{0x61, 0x01}, {0x41, 0x05}};

  // BCP-002-01: the video and audio outputs form one group, the video input a node-wide one; the rest have none.
  d.outputs.push_back({"video-out", "Video out", "1080i59.94", "", st2110::MediaType::kVideo, video, true, true,
                       {"eth0", "eth1"}, {}, GroupHint{"Studio A", "Video"}});
  d.outputs.push_back({"audio-out", "Audio out", "4 ch L24", "", st2110::MediaType::kAudio, audio, false, true,
                       {"eth0"}, {"L", "R"}, GroupHint{"Studio A", "Audio 1"}});
  d.outputs.push_back({"anc-out", "Anc out", "captions", "", st2110::MediaType::kAncillary, anc, true, false, {}, {}, std::nullopt});
  d.inputs.push_back({"video-in", "Video in", "", "", st2110::MediaType::kVideo, video, false, {"eth0"},
                      GroupHint{"Return 1", "Video", true}});
  d.inputs.push_back({"audio-in", "Audio in", "", "", st2110::MediaType::kAudio, std::nullopt, false, {}, std::nullopt});
  d.inputs.push_back({"anc-in", "Anc in", "", "", st2110::MediaType::kAncillary, anc, false, {}, std::nullopt});
  return d;
}

// A running node: server on 127.0.0.1, Node API routes, model built for the bound port.
struct RunningNode {
  ClockModel clock;
  http::HttpServer server{http::ServerOptions{}};
  std::unique_ptr<NodeModel> model;
  std::unique_ptr<NodeApi> api;
  std::string url;

  // `adjust` changes the sample description before the model is built (e.g. to switch the Connection API on).
  explicit RunningNode(TargetApplier applier = {}, std::string seed = "test-node",
                       const std::function<void(NodeDescription&)>& adjust = {}) {
    const auto port = server.start();
    if (!port) throw std::runtime_error(port.error());
    NodeDescription description = sample_description(*port, std::move(seed));
    if (adjust) adjust(description);
    model = std::make_unique<NodeModel>(std::move(description), clock);
    api = std::make_unique<NodeApi>(*model, std::move(applier));
    api->add_routes(server.router());
    url = server.base_url();
  }
  ~RunningNode() {
    server.stop();
    api.reset();
  }
};

}  // namespace crosspoint::nmos::test
