#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

const char* to_string(ParseError error) {
  switch (error) {
    case ParseError::kTruncatedEthernet: return "truncated_ethernet";
    case ParseError::kTruncatedVlan: return "truncated_vlan";
    case ParseError::kNotIpv4: return "not_ipv4";
    case ParseError::kTruncatedIpv4: return "truncated_ipv4";
    case ParseError::kBadIpVersion: return "bad_ip_version";
    case ParseError::kBadIpHeaderLength: return "bad_ip_header_length";
    case ParseError::kBadIpTotalLength: return "bad_ip_total_length";
    case ParseError::kBadIpChecksum: return "bad_ip_checksum";
    case ParseError::kIpFragment: return "ip_fragment";
    case ParseError::kNotUdp: return "not_udp";
    case ParseError::kTruncatedUdp: return "truncated_udp";
    case ParseError::kBadUdpLength: return "bad_udp_length";
    case ParseError::kTruncatedRtp: return "truncated_rtp";
    case ParseError::kBadRtpVersion: return "bad_rtp_version";
    case ParseError::kBadRtpCsrcCount: return "bad_rtp_csrc_count";
    case ParseError::kBadRtpExtension: return "bad_rtp_extension";
    case ParseError::kBadRtpPadding: return "bad_rtp_padding";
    case ParseError::kTruncatedPayloadHeader: return "truncated_payload_header";
    case ParseError::kBadPayloadHeader: return "bad_payload_header";
    case ParseError::kBadAudioLength: return "bad_audio_length";
    case ParseError::kTruncatedAnc: return "truncated_anc";
    case ParseError::kBadAncParity: return "bad_anc_parity";
    case ParseError::kBadAncChecksum: return "bad_anc_checksum";
    case ParseError::kCount: break;
  }
  return "unknown";
}

}  // namespace crosspoint::st2110
