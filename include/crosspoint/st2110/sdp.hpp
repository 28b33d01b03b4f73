// Reading and writing SDP (RFC 4566) for ST 2110-20, -30 and -40 flows.
#pragma once

#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/sdp_error.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::st2110 {

// Accepts CRLF or LF line ends; ignores attributes it does not know; refuses lines out of RFC 4566 order,
// missing v=/o=/s=, malformed numbers and addresses, and media formats missing what ST 2110 requires.
Expected<SessionDescription, SdpError> parse_sdp(std::string_view text);

// CRLF-terminated SDP in the spelling ST 2110 devices (and FFmpeg) read; parse_sdp reads it back equal.
std::string generate_sdp(const SessionDescription& session);

}  // namespace crosspoint::st2110
