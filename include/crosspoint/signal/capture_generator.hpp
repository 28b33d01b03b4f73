// Writes a capture of one or more generated flows, interleaved in send order, each on one leg or on the two
// legs of an ST 2022-7 pair, and the SDP that describes them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/sdp_session.hpp"
#include "crosspoint/signal/flow_address.hpp"
#include "crosspoint/signal/leg_writer.hpp"
#include "crosspoint/signal/packet_source.hpp"

namespace crosspoint::cap {

struct GeneratedFlow {
  std::string name;  // "video", "audio", "anc": the SDP mids derive from it
  st2110::MediaFormat format;
  FlowAddress address;
  std::unique_ptr<PacketSource> source;
  std::optional<st2110::Ipv4Address> second_leg;  // set for an ST 2022-7 pair
  LossPattern leg_a_loss;
  LossPattern leg_b_loss;
  std::uint64_t leg_b_delay_ns = 0;  // leg B arrives this much later (path skew)
};

struct GenerationResult {
  std::uint64_t packets_generated = 0;  // over all flows, before losses
  std::uint64_t records_written = 0;    // pcap records over all legs
  std::uint64_t lost_on_a = 0;
  std::uint64_t lost_on_b = 0;
};

// The session describing the flows: one media section per leg, 2022-7 legs grouped with a=group:DUP.
st2110::SessionDescription session_for(const std::vector<GeneratedFlow>& flows);

// Writes `pcap_path` and, when `sdp_path` is not empty, the SDP beside it.
Expected<GenerationResult, std::string> write_capture(std::vector<GeneratedFlow>& flows, const std::string& pcap_path,
                                                      const std::string& sdp_path);

}  // namespace crosspoint::cap
