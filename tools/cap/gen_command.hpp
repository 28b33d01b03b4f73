// `crosspoint-cap gen`: the command line turned into flows, then into a capture and its SDP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/signal/capture_generator.hpp"
#include "crosspoint/signal/flow_address.hpp"
#include "crosspoint/signal/leg_writer.hpp"
#include "crosspoint/signal/sender_pacing.hpp"
#include "crosspoint/signal/test_pattern.hpp"

namespace crosspoint::cap {

// 2026-01-01 00:00:00 TAI, give or take: a fixed default epoch so generated captures are reproducible.
constexpr std::uint64_t kDefaultStartSeconds = 1'767'225'637;

struct GenOptions {
  std::optional<st2110::VideoFormat> video;
  VideoPacing pacing = VideoPacing::kGapped;
  PatternChoice pattern;
  std::optional<st2110::AudioFormat> audio;
  bool anc = false;
  Rational rate{60000, 1001};  // frame rate of ANC and of "frames" when there is no video
  std::uint32_t frames = 2;
  std::optional<std::uint32_t> duration_ms;  // audio length when given; else the frames' duration
  PtpTime start{kDefaultStartSeconds, 0};
  bool dup = false;
  LossPattern leg_a_loss;
  LossPattern leg_b_loss;
  std::uint64_t leg_b_delay_ns = 0;
  std::optional<st2110::Ipv4Address> destination;  // of the first flow's (primary) leg
  std::optional<std::uint16_t> port;
  std::optional<st2110::Ipv4Address> leg_b_destination;
  std::string out;
};

// The usage text of `gen`.
std::string gen_usage();

// Parses the arguments after "gen".
Expected<GenOptions, std::string> parse_gen_options(const std::vector<std::string>& arguments);

// The flows the options describe, ready for write_capture.
Expected<std::vector<GeneratedFlow>, std::string> flows_for(const GenOptions& options);

// The SDP path beside a pcap path: x.pcap -> x.sdp.
std::string sdp_path_for(const std::string& pcap_path);

}  // namespace crosspoint::cap
