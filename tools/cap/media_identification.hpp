// What an RTP flow carries, read from its first packets alone (no SDP): ST 2110-40 when every payload is a
// whole RFC 8331 payload, ST 2110-20 when every payload's RFC 4175 rows announce exactly its length,
// ST 2110-22 when RFC 9134 headers count packets and frames on, ST 2110-30 when payloads are a constant
// whole number of PCM sample periods arriving at an audio rate; anything else is "unknown". Lengths are the
// wire's, so a capture cut by its snap length is read the same.
#pragma once

#include <span>
#include <string>

#include "analysis_report.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::cap {

struct IdentifiedPacket {
  Nanoseconds arrival_ns = 0;
  st2110::RtpHeader rtp;
  st2110::Bytes payload;          // what the capture kept
  std::size_t wire_length = 0;    // the payload's length on the wire
};

struct MediaIdentification {
  DetectedMedia media = DetectedMedia::kUnknown;
  Inference inference;
  std::uint32_t audio_frame_bytes = 0;  // audio: octets per sample period
};

// `packets`: consecutive packets of one flow (at least two for audio).
MediaIdentification identify_media(std::span<const IdentifiedPacket> packets);

// Readings of an audio payload of `frame_bytes` octets per sample period: "L24 8 ch", "L16 12 ch", ...
std::vector<std::string> pcm_readings(std::uint32_t frame_bytes);

}  // namespace crosspoint::cap
