// Why a packet was rejected: every reason has a name, so dropped packets are counted by reason.
#pragma once

#include <cstddef>
#include <cstdint>

namespace crosspoint::st2110 {

// The parsers' `wire_length` for a packet held whole: lengths are checked against the bytes themselves. A
// capture cut by its snap length passes the length the packet had on the wire instead.
inline constexpr std::size_t kWholePacket = 0;

enum class ParseError : std::uint8_t {
  kTruncatedEthernet,
  kTruncatedVlan,
  kNotIpv4,             // another EtherType (ARP, PTP over Ethernet, IPv6, ...)
  kTruncatedIpv4,
  kBadIpVersion,
  kBadIpHeaderLength,   // IHL below 5 or beyond the packet
  kBadIpTotalLength,    // total length below the header or beyond the frame
  kBadIpChecksum,
  kIpFragment,          // MF set or a fragment offset: ST 2110 never fragments
  kNotUdp,
  kTruncatedUdp,
  kBadUdpLength,
  kTruncatedRtp,
  kBadRtpVersion,
  kBadRtpCsrcCount,     // CSRC list beyond the packet
  kBadRtpExtension,     // header extension beyond the packet
  kBadRtpPadding,       // padding count zero or beyond the payload
  kTruncatedPayloadHeader,
  kBadPayloadHeader,
  kBadAudioLength,      // PCM payload not a whole number of sample frames
  kTruncatedAnc,        // an ANC packet (or the ANC Length) runs past the payload
  kBadAncParity,        // DID, SDID or Data_Count parity bits b8/b9 wrong
  kBadAncChecksum,      // ANC checksum word does not match
  kCount
};

constexpr std::size_t kParseErrorCount = static_cast<std::size_t>(ParseError::kCount);

// A short stable name for counters and logs, e.g. "bad_ip_checksum".
const char* to_string(ParseError error);

}  // namespace crosspoint::st2110
