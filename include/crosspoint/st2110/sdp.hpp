// Reading and writing SDP (RFC 4566) for ST 2110-20, -30 and -40 flows.
#pragma once

#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/sdp_error.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::st2110 {

// Reads what ST 2110 senders publish. Tolerated: LF or CRLF, blank lines, missing t=, unknown attributes
// (a=framerate, a=recvonly, vendor ones: ignored), attributes at session level that apply to every media
// section (c=, ts-refclk, mediaclk, source-filter), `interlace=1`, ST 2110-20 fmtp parameters in any order and
// letter case.
// Refused, with the line and a reason: lines without `<letter>=`, unknown line types, lines out of RFC 4566
// order or repeated where once is the rule, missing v=/o=/s=, bad numbers and addresses, anything but IN IP4,
// media other than one RTP/AVP payload type of raw, L16, L24 or smpte291, ST 2110-20 fmtp missing sampling,
// depth, width, height, exactframerate, colorimetry, PM, SSN or TP, and DUP groups over unknown or
// differing legs.
Expected<SessionDescription, SdpError> parse_sdp(std::string_view text);

// CRLF-terminated SDP in the spelling ST 2110 devices (and FFmpeg) read, every attribute at media level.
// For a description parse_sdp would accept (e.g. DUP groups naming existing mids), parse_sdp reads the text
// back equal to `session`.
std::string generate_sdp(const SessionDescription& session);

}  // namespace crosspoint::st2110
