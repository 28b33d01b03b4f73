#include "nmos/connection/receiver_transport_file.hpp"

#include "crosspoint/st2110/sdp.hpp"
#include "nmos/connection/format_acceptance.hpp"

namespace crosspoint::nmos::connection {
namespace {

nlohmann::json leg_values(const st2110::SdpMediaLeg& leg) {
  nlohmann::json values = {{"destination_port", leg.port}, {"rtp_enabled", true}};
  const st2110::Ipv4Address destination = leg.connection.address;
  if (destination.is_multicast()) {
    values["multicast_ip"] = destination.to_string();
  } else {
    values["multicast_ip"] = nullptr;
    values["interface_ip"] = destination.to_string();
  }
  values["source_ip"] = leg.source_filter ? nlohmann::json(leg.source_filter->source.to_string()) : nlohmann::json(nullptr);
  return values;
}

// The legs a receiver takes from a session: the DUP group's members in group order, else the first leg.
std::vector<const st2110::SdpMediaLeg*> legs_to_take(const st2110::SessionDescription& session) {
  std::vector<const st2110::SdpMediaLeg*> legs;
  if (!session.dup_groups.empty()) {
    for (const std::string& mid : session.dup_groups.front().mids) {
      for (const st2110::SdpMediaLeg& leg : session.legs) {
        if (leg.mid == mid) legs.push_back(&leg);
      }
    }
  } else if (!session.legs.empty()) {
    legs.push_back(&session.legs.front());
  }
  return legs;
}

}  // namespace

Expected<std::vector<nlohmann::json>, std::string> receiver_legs_from_sdp(std::string_view sdp,
                                                                          const ReceiverConnection& receiver,
                                                                          std::size_t legs) {
  auto session = st2110::parse_sdp(sdp);
  if (!session) return Unexpected<std::string>{"the SDP does not parse: " + session.error().to_string()};
  const std::vector<const st2110::SdpMediaLeg*> offered = legs_to_take(*session);
  if (offered.empty()) return Unexpected<std::string>{"the SDP has no media section"};
  for (const st2110::SdpMediaLeg* leg : offered) {
    if (auto why = why_not_acceptable(receiver, leg->format)) return Unexpected<std::string>{*why};
  }
  if (offered.size() > legs) {
    return Unexpected<std::string>{"the SDP groups " + std::to_string(offered.size()) +
                                   " legs (a=group:DUP), this receiver has " + std::to_string(legs)};
  }
  std::vector<nlohmann::json> values;
  for (const st2110::SdpMediaLeg* leg : offered) values.push_back(leg_values(*leg));
  while (values.size() < legs) values.push_back({{"rtp_enabled", false}});
  return values;
}

}  // namespace crosspoint::nmos::connection
