#include "capture_analyzer.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "anc_analysis.hpp"
#include "audio_analysis.hpp"
#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "dup_pair_comparison.hpp"
#include "sequence_tracker.hpp"
#include "video_analysis.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

std::string endpoint_text(Ipv4Address address, std::uint16_t port) {
  return address.to_string() + ":" + std::to_string(port);
}

const char* to_string(DetectedMedia media) {
  switch (media) {
    case DetectedMedia::kVideo: return "video";
    case DetectedMedia::kAudio: return "audio";
    case DetectedMedia::kAncillary: return "ancillary";
    case DetectedMedia::kUnknown: return "unknown";
  }
  return "unknown";
}

void Range::add(double value) {
  if (count == 0) {
    min = max = value;
  } else {
    min = std::min(min, value);
    max = std::max(max, value);
  }
  ++count;
  mean += (value - mean) / static_cast<double>(count);
}

namespace {

constexpr std::uint16_t kPtpEventPort = 319;
constexpr std::uint16_t kPtpGeneralPort = 320;
constexpr std::size_t kLargestFrame = 65535 + 64;

struct FlowState {
  FlowReport report;
  std::optional<MediaFormat> sdp_format;
  SequenceTracker sequence;
  std::vector<PacketArrival> arrivals;
  VideoAnalyzer video;
  AudioAnalyzer audio;
  AncAnalyzer anc;
};

DetectedMedia media_of(const MediaFormat& format) {
  switch (media_type_of(format)) {
    case MediaType::kVideo: return DetectedMedia::kVideo;
    case MediaType::kAudio: return DetectedMedia::kAudio;
    case MediaType::kAncillary: return DetectedMedia::kAncillary;
  }
  return DetectedMedia::kUnknown;
}

DetectedMedia detect_media(Bytes payload) {
  if (looks_like_rfc8331(payload)) return DetectedMedia::kAncillary;
  if (looks_like_rfc4175(payload)) return DetectedMedia::kVideo;
  if (!payload.empty()) return DetectedMedia::kAudio;
  return DetectedMedia::kUnknown;
}

const SdpMediaLeg* sdp_leg_for(const std::optional<SessionDescription>& sdp, Ipv4Address destination,
                               std::uint16_t port) {
  if (!sdp) return nullptr;
  for (const auto& leg : sdp->legs) {
    if (leg.connection.address == destination && leg.port == port) return &leg;
  }
  return nullptr;
}

// Frames that are not RTP: what they are, or why they did not parse.
void count_other(Bytes frame, ParseError error, CaptureReport& report) {
  const auto ethernet = parse_ethernet(frame);
  if (!ethernet) {
    ++report.malformed[to_string(ethernet.error())];
    return;
  }
  if (ethernet->ether_type == kEtherTypePtp) {
    ++report.non_rtp.ptp;
    return;
  }
  if (ethernet->ether_type == kEtherTypeArp) {
    ++report.non_rtp.arp;
    return;
  }
  if (ethernet->ether_type != kEtherTypeIpv4) {
    ++report.non_rtp.other;
    return;
  }
  const auto ip = parse_ipv4(frame.subspan(ethernet->length()));
  if (!ip) {
    ++report.malformed[to_string(ip.error())];
    return;
  }
  if (ip->protocol == kIpProtocolIgmp) {
    ++report.non_rtp.igmp;
    return;
  }
  if (ip->protocol != kIpProtocolUdp) {
    ++report.non_rtp.other;
    return;
  }
  const auto udp = parse_udp(frame.subspan(ethernet->length() + ip->header_length,
                                           ip->total_length - ip->header_length));
  if (!udp) {
    ++report.malformed[to_string(udp.error())];
    return;
  }
  if (udp->destination_port == kPtpEventPort || udp->destination_port == kPtpGeneralPort) {
    ++report.non_rtp.ptp;
    return;
  }
  // UDP that is not RTP (a wrong version, too short) is other traffic, not a broken packet.
  (void)error;
  ++report.non_rtp.other;
}

void finish_flow(FlowState& state) {
  FlowReport& report = state.report;
  report.sequence = state.sequence.report();
  std::optional<VideoFormat> sdp_video;
  std::optional<AudioFormat> sdp_audio;
  std::optional<AncFormat> sdp_anc;
  if (state.sdp_format) {
    if (auto* v = std::get_if<VideoFormat>(&*state.sdp_format)) sdp_video = *v;
    if (auto* a = std::get_if<AudioFormat>(&*state.sdp_format)) sdp_audio = *a;
    if (auto* n = std::get_if<AncFormat>(&*state.sdp_format)) sdp_anc = *n;
  }
  // Units: runs of packets that share an RTP timestamp.
  std::uint64_t units = 0;
  for (std::size_t i = 0; i < state.arrivals.size(); ++i) {
    if (i == 0 || state.arrivals[i].rtp_timestamp != state.arrivals[i - 1].rtp_timestamp) ++units;
  }
  switch (report.media) {
    case DetectedMedia::kVideo: {
      report.video = state.video.finish(sdp_video, state.arrivals, report.cadence);
      report.frames = report.video->interlaced ? (units + 1) / 2 : units;
      break;
    }
    case DetectedMedia::kAudio:
      report.audio = state.audio.finish(sdp_audio, state.arrivals, report.cadence);
      report.frames = units;
      break;
    case DetectedMedia::kAncillary:
      report.anc = state.anc.finish(sdp_anc, state.arrivals, report.cadence);
      report.frames = report.anc->interlaced ? (units + 1) / 2 : units;
      break;
    case DetectedMedia::kUnknown:
      report.frames = units;
      break;
  }
}

void find_dup_pairs(std::map<FlowKey, FlowState>& flows, const std::optional<SessionDescription>& sdp,
                    CaptureReport& report) {
  std::set<FlowKey> paired;
  const auto pair = [&](FlowState& a, FlowState& b, bool from_sdp) {
    DupPairReport result = compare_dup_legs(a.report.key, a.sequence.received(), b.report.key, b.sequence.received());
    result.from_sdp = from_sdp;
    report.dup_pairs.push_back(std::move(result));
    paired.insert(a.report.key);
    paired.insert(b.report.key);
  };
  if (sdp) {
    for (const DupGroup& group : sdp->dup_groups) {
      if (group.mids.size() != 2) continue;
      const SdpMediaLeg* legs[2] = {nullptr, nullptr};
      for (const auto& leg : sdp->legs) {
        for (std::size_t i = 0; i < 2; ++i) {
          if (leg.mid == group.mids[i]) legs[i] = &leg;
        }
      }
      if (legs[0] == nullptr || legs[1] == nullptr) continue;
      for (auto& [key_a, a] : flows) {
        if (key_a.destination != legs[0]->connection.address || key_a.port != legs[0]->port) continue;
        for (auto& [key_b, b] : flows) {
          // The DUP group says these are one stream's two legs, whatever SSRC each sender chose.
          if (key_b.destination == legs[1]->connection.address && key_b.port == legs[1]->port &&
              paired.count(key_a) == 0 && paired.count(key_b) == 0) {
            pair(a, b, true);
          }
        }
      }
    }
  }
  // Without an SDP: the same SSRC on two destinations.
  for (auto it = flows.begin(); it != flows.end(); ++it) {
    if (paired.count(it->first) != 0) continue;
    for (auto other = std::next(it); other != flows.end(); ++other) {
      if (paired.count(other->first) != 0 || other->first.ssrc != it->first.ssrc) continue;
      if (other->first.destination == it->first.destination && other->first.port == it->first.port) continue;
      pair(it->second, other->second, false);
      break;
    }
  }
}

}  // namespace

CaptureReport analyze_capture(const std::string& path, const std::optional<SessionDescription>& sdp) {
  CaptureReport report;
  report.file = path;
  auto reader = capture::PcapReader::open(path);
  if (!reader) {
    report.capture_error = reader.error();
    return report;
  }
  if (reader->link_type() != capture::kLinkTypeEthernet) {
    report.capture_error = "link type " + std::to_string(reader->link_type()) + " is not Ethernet";
    return report;
  }
  std::map<FlowKey, FlowState> flows;
  std::vector<std::uint8_t> padded;
  padded.reserve(kLargestFrame);
  while (auto record = reader->next()) {
    ++report.records;
    Bytes frame = record->bytes;
    if (record->truncated()) {
      // A snap length kept the headers only: stand zeros in for the rest so lengths still add up.
      ++report.snap_truncated_records;
      padded.assign(frame.begin(), frame.end());
      padded.resize(std::min<std::size_t>(record->original_length, kLargestFrame), 0);
      frame = Bytes(padded);
    }
    const auto packet = parse_rtp_packet(frame);
    if (!packet || packet->udp.destination_port == kPtpEventPort || packet->udp.destination_port == kPtpGeneralPort) {
      count_other(frame, packet ? ParseError::kBadRtpVersion : packet.error(), report);
      continue;
    }
    const FlowKey key{packet->ip.destination, packet->udp.destination_port, packet->rtp.ssrc};
    auto [it, created] = flows.try_emplace(key);
    FlowState& state = it->second;
    const auto arrival = static_cast<Nanoseconds>(record->timestamp_ns);
    if (created) {
      state.report.key = key;
      state.report.source = packet->ip.source;
      state.report.source_port = packet->udp.source_port;
      state.report.payload_type = packet->rtp.payload_type;
      state.report.first_arrival_ns = record->timestamp_ns;
      if (const SdpMediaLeg* leg = sdp_leg_for(sdp, key.destination, key.port)) {
        state.sdp_format = leg->format;
        state.report.media = media_of(leg->format);
        state.report.media_from_sdp = true;
      } else {
        state.report.media = detect_media(packet->payload);
      }
    }
    ++state.report.packets;
    state.report.last_arrival_ns = record->timestamp_ns;
    state.sequence.add(packet->rtp.sequence);
    state.arrivals.push_back(PacketArrival{arrival, packet->rtp.timestamp});
    bool understood = true;
    switch (state.report.media) {
      case DetectedMedia::kVideo: understood = state.video.add(arrival, packet->rtp, packet->payload); break;
      case DetectedMedia::kAudio: state.audio.add(packet->rtp, packet->payload); break;
      case DetectedMedia::kAncillary: understood = state.anc.add(packet->rtp, packet->payload); break;
      case DetectedMedia::kUnknown: break;
    }
    if (!understood) ++state.report.payload_errors;
  }
  report.capture_error = reader->error();
  for (auto& [key, state] : flows) finish_flow(state);
  find_dup_pairs(flows, sdp, report);
  for (auto& [key, state] : flows) report.flows.push_back(std::move(state.report));
  return report;
}

}  // namespace crosspoint::cap
