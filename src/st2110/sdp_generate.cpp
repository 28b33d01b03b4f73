// Writing a SessionDescription as RFC 4566 text: every attribute at media level, CRLF line ends.
#include <string>

#include "crosspoint/st2110/sdp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"

namespace crosspoint::st2110 {
namespace {

constexpr std::string_view kLineEnd = "\r\n";

void add_line(std::string& out, std::string_view type, std::string_view value) {
  out.append(type).append(value).append(kLineEnd);
}

void add_attribute(std::string& out, const SdpAttribute& attribute) {
  out.append("a=").append(attribute.name);
  if (!attribute.value.empty()) out.append(":").append(attribute.value);
  out.append(kLineEnd);
}

void add_leg(std::string& out, const SdpMediaLeg& leg) {
  const SdpFormatText format = sdp_format_text(leg.format);
  const std::string payload_type = std::to_string(leg.payload_type);
  add_line(out, "m=", format.media + " " + std::to_string(leg.port) + " RTP/AVP " + payload_type);
  if (!leg.info.empty()) add_line(out, "i=", leg.info);
  std::string connection = "IN IP4 " + leg.connection.address.to_string();
  if (leg.connection.ttl) connection += "/" + std::to_string(*leg.connection.ttl);
  add_line(out, "c=", connection);
  if (leg.source_filter) {
    add_line(out, "a=source-filter: incl IN IP4 ",
             leg.source_filter->destination.to_string() + " " + leg.source_filter->source.to_string());
  }
  add_line(out, "a=rtpmap:", payload_type + " " + format.rtpmap);
  if (!format.fmtp.empty()) add_line(out, "a=fmtp:", payload_type + " " + format.fmtp);
  if (!format.ptime.empty()) add_line(out, "a=ptime:", format.ptime);
  for (const ReferenceClock& clock : leg.reference_clocks) {
    add_line(out, "a=ts-refclk:", format_reference_clock(clock));
  }
  if (leg.media_clock) add_line(out, "a=mediaclk:", format_media_clock(*leg.media_clock));
  if (!leg.mid.empty()) add_line(out, "a=mid:", leg.mid);
  for (const SdpAttribute& attribute : leg.extensions) add_attribute(out, attribute);
}

}  // namespace

std::string generate_sdp(const SessionDescription& session) {
  std::string out;
  add_line(out, "v=", "0");
  const SdpOrigin& origin = session.origin;
  add_line(out, "o=", (origin.username.empty() ? "-" : origin.username) + " " + std::to_string(origin.session_id) +
                          " " + std::to_string(origin.session_version) + " IN IP4 " + origin.address.to_string());
  // RFC 4566 wants a non-empty s=; a single space is its spelling of "no name".
  add_line(out, "s=", session.session_name.empty() ? " " : session.session_name);
  if (!session.info.empty()) add_line(out, "i=", session.info);
  add_line(out, "t=", std::to_string(session.timing.start) + " " + std::to_string(session.timing.stop));
  for (const DupGroup& group : session.dup_groups) {
    std::string mids;
    for (const std::string& mid : group.mids) mids += " " + mid;
    add_line(out, "a=group:DUP", mids);
  }
  for (const SdpAttribute& attribute : session.extensions) add_attribute(out, attribute);
  for (const SdpMediaLeg& leg : session.legs) add_leg(out, leg);
  return out;
}

}  // namespace crosspoint::st2110
