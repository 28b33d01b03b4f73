// Whether UDP packets are RTP: one packet that parses as RTP version 2 proves nothing (a quarter of random
// payloads do), so a flow is RTP only when several packets in a row agree: the same SSRC and payload type,
// sequence numbers stepping forward by a little, timestamps standing still or stepping forward by less
// than a few seconds of any media clock.
#pragma once

#include <cstdint>

#include "crosspoint/st2110/rtp.hpp"

namespace crosspoint::cap {

// Packets in a row that must agree before a flow counts as RTP.
constexpr std::size_t kRtpPacketsToConfirm = 4;

// Whether `next` may follow `previous` in one RTP stream.
bool follows_in_rtp_stream(const st2110::RtpHeader& previous, const st2110::RtpHeader& next);

}  // namespace crosspoint::cap
