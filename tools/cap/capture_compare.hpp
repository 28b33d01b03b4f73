// `crosspoint-cap compare A.pcap B.pcap`: a router's input and output recordings side by side. Flows are
// matched by the SDPs when both are given (the n-th video, audio or ANC stream of A's SDP with the n-th of
// that type in B's), else by SSRC,
// else in order of appearance per media type; frames by RTP timestamp (a router keeps timestamps and
// payloads, and may rewrite SSRC, sequence numbers and the RFC 4175 / RFC 8331 extended sequence, which are
// left out of the comparison). The two legs of an SDP's DUP group are one stream: a packet counts once,
// from whichever leg brought it first. Per flow: frames in both, missing from B, extra in B,
// payload-identical frames or the first differing byte, and the latency from A to B. Frames are kept as
// digests of their octets (octet_digest.hpp), not as octets: memory grows with frames, not with bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::cap {

struct FirstDifference {
  std::uint32_t rtp_timestamp = 0;
  std::uint64_t byte_offset = 0;  // within the frame's compared payload octets
};

struct FlowComparison {
  FlowKey a;
  std::optional<FlowKey> a_second_leg;  // when A's SDP makes two legs (a DUP group) one stream
  std::optional<FlowKey> b;
  std::optional<FlowKey> b_second_leg;
  std::string matched_by;  // "sdp", "ssrc", "order", or "" when B has no such flow
  DetectedMedia media = DetectedMedia::kUnknown;
  std::uint64_t frames_a = 0;
  std::uint64_t frames_b = 0;
  std::uint64_t in_both = 0;
  std::uint64_t missing = 0;  // in A, not in B
  std::uint64_t extra = 0;    // in B, not in A
  std::uint64_t identical = 0;
  std::uint64_t differing = 0;
  std::optional<FirstDifference> first_difference;
  Range latency_ns;           // B's first packet of a frame minus A's
  double latency_median_ns = 0;
  [[nodiscard]] bool bit_exact() const { return b && missing == 0 && differing == 0 && extra == 0; }
};

struct CompareReport {
  std::string error;  // empty when both files were read whole
  std::vector<FlowComparison> flows;
  std::vector<FlowKey> unmatched_in_b;
  [[nodiscard]] bool bit_exact() const;
};

// The SDPs of the two captures, either or both: their streams (DUP groups merged) and, with both, the
// matching of A's streams to B's.
struct CompareOptions {
  std::optional<st2110::SessionDescription> sdp_a;
  std::optional<st2110::SessionDescription> sdp_b;
};

CompareReport compare_captures(const std::string& a_path, const std::string& b_path,
                               const CompareOptions& options = {});

}  // namespace crosspoint::cap
