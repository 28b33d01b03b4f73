// Building the session descriptions crosspoint publishes for its own flows.
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::st2110 {
namespace {

SdpMediaLeg make_leg(const MediaFormat& format, const SdpLegAddress& address, const SdpSessionOptions& options) {
  SdpMediaLeg leg;
  leg.format = format;
  leg.port = address.port;
  leg.payload_type = options.payload_type;
  leg.connection.address = address.destination;
  if (address.destination.is_multicast()) {
    leg.connection.ttl = options.multicast_ttl;
    leg.source_filter = SourceFilter{address.destination, address.source};
  }
  leg.reference_clocks = {options.reference_clock};
  leg.media_clock = options.media_clock;
  return leg;
}

SessionDescription make_session(const SdpLegAddress& origin, const SdpSessionOptions& options) {
  SessionDescription session;
  session.origin.session_id = options.session_id;
  session.origin.session_version = options.session_version;
  session.origin.address = origin.source;
  session.session_name = options.session_name;
  return session;
}

}  // namespace

SessionDescription make_single_leg_session(const MediaFormat& format, const SdpLegAddress& leg,
                                           const SdpSessionOptions& options) {
  SessionDescription session = make_session(leg, options);
  session.legs.push_back(make_leg(format, leg, options));
  return session;
}

SessionDescription make_dup_session(const MediaFormat& format, const SdpLegAddress& primary,
                                    const SdpLegAddress& secondary, const SdpSessionOptions& options) {
  SessionDescription session = make_session(primary, options);
  session.legs.push_back(make_leg(format, primary, options));
  session.legs.back().mid = "primary";
  session.legs.push_back(make_leg(format, secondary, options));
  session.legs.back().mid = "secondary";
  session.dup_groups.push_back(DupGroup{{"primary", "secondary"}});
  return session;
}

}  // namespace crosspoint::st2110
