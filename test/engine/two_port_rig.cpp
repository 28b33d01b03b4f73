#include "two_port_rig.hpp"

#include <deque>

namespace crosspoint::engine::test {

std::vector<st2110::RtpPacketView> rtp_packets(std::vector<Frame> frames, std::optional<st2110::Ipv4Address> destination) {
  static std::deque<Frame> store;
  std::vector<st2110::RtpPacketView> views;
  for (Frame& f : frames) {
    store.push_back(std::move(f));
    auto view = st2110::parse_rtp_packet(st2110::Bytes{store.back()});
    if (view && (!destination || view->ip.destination == *destination)) views.push_back(*view);
  }
  return views;
}

OutputConfig output_to(const std::string& id, const std::string& port, st2110::Ipv4Address group) {
  OutputConfig output;
  output.id = id;
  output.legs.push_back(OutputLeg{port, group, std::nullopt, std::nullopt, 5004, 5004});
  output.ssrc = 0x2022;
  return output;
}

EngineConfig TwoPortRig::config(const std::function<void(EngineConfig&)>& adjust) const {
  EngineConfig c = test_engine_config();
  c.ports.push_back(PortConfig{"red", red.name(), st2110::MacAddress{{2, 0, 0, 0, 1, 1}}, kRedAddress});
  c.ports.push_back(PortConfig{"blue", blue.name(), st2110::MacAddress{{2, 0, 0, 0, 2, 2}}, kBlueAddress});
  if (adjust) adjust(c);
  return c;
}

}  // namespace crosspoint::engine::test
