#include "capture_compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "capture_source.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "media_identification.hpp"
#include "rtp_consistency.hpp"
#include "udp_service.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

bool CompareReport::bit_exact() const {
  return error.empty() && unmatched_in_b.empty() &&
         std::all_of(flows.begin(), flows.end(), [](const FlowComparison& f) { return f.bit_exact(); });
}

namespace {

// The packets of one frame: arrival of the first, and the compared payload octets of each packet with its
// sequence number, in arrival order (in sequence order for two legs merged).
struct Frame {
  std::uint64_t first_arrival_ns = 0;
  std::vector<std::pair<std::uint32_t, std::string>> packets;
};

// A stream's place in an SDP: its media type, and how many streams of that type come before it.
using SdpPlace = std::pair<MediaType, std::size_t>;

// Where a recorded flow's packets went: one destination, or the two legs of an SDP DUP group.
struct RecordedFlow {
  std::uint64_t first_seen_ns = 0;
  std::uint32_t ssrc = 0;
  std::optional<SdpPlace> sdp_stream;  // its stream's place in the capture's SDP
  std::optional<FlowKey> second_leg;
  bool merges_legs = false;  // its SDP stream is a DUP group
  std::vector<IdentifiedPacket> first_packets;  // for identification; payloads are copied below
  std::vector<std::vector<std::uint8_t>> first_payloads;
  DetectedMedia media = DetectedMedia::kUnknown;
  bool identified = false;
  std::map<std::uint32_t, Frame> frames;
  std::uint64_t packets = 0;
};

// The octets a router must keep: the payload, less the extended sequence number video and ANC carry first.
std::size_t kept_from(DetectedMedia media) {
  return media == DetectedMedia::kVideo || media == DetectedMedia::kAncillary ? 2 : 0;
}

// A packet's place in its frame: the 32-bit sequence where the payload extends it (video, ANC), which a
// frame of more than 65536 packets needs, else the RTP sequence number.
std::uint32_t sequence_in_frame(DetectedMedia media, const RtpHeader& rtp, Bytes payload) {
  if (kept_from(media) > 0 && payload.size() >= 2) return full_sequence(load_be16(payload.data()), rtp.sequence);
  return rtp.sequence;
}

void add_to_frame(RecordedFlow& flow, const RtpHeader& rtp, Bytes payload, std::uint64_t arrival_ns) {
  auto [it, created] = flow.frames.try_emplace(rtp.timestamp);
  if (created) it->second.first_arrival_ns = arrival_ns;
  const std::size_t skip = std::min(kept_from(flow.media), payload.size());
  std::string octets(payload.begin() + static_cast<std::ptrdiff_t>(skip), payload.end());
  const std::uint32_t sequence = sequence_in_frame(flow.media, rtp, payload);
  auto& packets = it->second.packets;
  if (!flow.merges_legs) {
    packets.emplace_back(sequence, std::move(octets));
    return;
  }
  // Two legs: a packet both brought counts once, from the first; a late leg's packet goes to its place.
  const auto at = std::lower_bound(packets.begin(), packets.end(), sequence,
                                   [](const auto& packet, std::uint32_t value) { return packet.first < value; });
  if (at == packets.end() || at->first != sequence) packets.emplace(at, sequence, std::move(octets));
}

// An SDP's streams in the order of its media descriptions; the legs of a DUP group are one stream.
struct SdpStreams {
  std::map<std::pair<Ipv4Address, std::uint16_t>, std::size_t> stream_of;  // leg destination -> stream
  std::vector<FlowKey> first_leg;                                          // per stream (SSRC 0)
  std::vector<SdpPlace> place;                                             // per stream
  std::vector<std::size_t> legs;                                           // per stream
};

SdpStreams streams_of(const SessionDescription& sdp) {
  SdpStreams streams;
  std::map<std::string, std::size_t> stream_of_mid;
  for (const SdpMediaLeg& leg : sdp.legs) {
    std::optional<std::size_t> stream;
    for (const DupGroup& group : sdp.dup_groups) {
      if (leg.mid.empty() || std::find(group.mids.begin(), group.mids.end(), leg.mid) == group.mids.end()) continue;
      for (const std::string& mid : group.mids) {
        if (auto found = stream_of_mid.find(mid); found != stream_of_mid.end()) stream = found->second;
      }
    }
    if (!stream) {
      stream = streams.first_leg.size();
      streams.first_leg.push_back(FlowKey{leg.connection.address, leg.port, 0});
      const MediaType media = media_type_of(leg.format);
      const auto rank = static_cast<std::size_t>(std::count_if(
          streams.place.begin(), streams.place.end(), [&](const SdpPlace& place) { return place.first == media; }));
      streams.place.emplace_back(media, rank);
    }
    if (!leg.mid.empty()) stream_of_mid[leg.mid] = *stream;
    if (streams.legs.size() <= *stream) streams.legs.resize(*stream + 1, 0);
    ++streams.legs[*stream];
    streams.stream_of.emplace(std::make_pair(leg.connection.address, leg.port), *stream);
  }
  return streams;
}

std::string read_flows(const std::string& path, const std::optional<SessionDescription>& sdp,
                       std::map<FlowKey, RecordedFlow>& flows) {
  auto reader = CaptureSource::open(path);
  if (!reader) return path + ": " + reader.error();
  const SdpStreams streams = sdp ? streams_of(*sdp) : SdpStreams{};
  while (auto record = reader->next()) {
    const auto parsed = parse_rtp_packet(record->bytes, record->original_length);
    if (!parsed) continue;
    const RtpPacketView& packet = *parsed;
    if (udp_service_of(packet.udp.source_port, packet.udp.destination_port) != UdpService::kNone) continue;
    FlowKey key{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc};
    std::optional<std::size_t> stream;
    if (auto found = streams.stream_of.find({key.destination, key.port}); found != streams.stream_of.end()) {
      stream = found->second;
      key = streams.first_leg[*stream];  // both legs under the first leg's name
    }
    RecordedFlow& flow = flows[key];
    if (flow.packets++ == 0) {
      flow.first_seen_ns = record->timestamp_ns;
      flow.ssrc = packet.rtp.ssrc;
      if (stream) {
        flow.sdp_stream = streams.place[*stream];
        flow.merges_legs = streams.legs[*stream] > 1;
      }
    }
    if (stream && (packet.ip.destination != key.destination || packet.udp.destination_port != key.port)) {
      flow.second_leg = FlowKey{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc};
    }
    if (!flow.identified) {
      // Identification reads one leg: the other's copies would repeat its packets.
      if (stream && flow.second_leg && packet.ip.destination == flow.second_leg->destination &&
          packet.udp.destination_port == flow.second_leg->port) {
        continue;
      }
      flow.first_payloads.emplace_back(packet.payload.begin(), packet.payload.end());
      flow.first_packets.push_back(IdentifiedPacket{static_cast<Nanoseconds>(record->timestamp_ns), packet.rtp, {},
                                                    packet.payload_wire_length});
      if (flow.first_packets.size() == kRtpPacketsToConfirm) {
        for (std::size_t i = 0; i < flow.first_packets.size(); ++i) flow.first_packets[i].payload = Bytes(flow.first_payloads[i]);
        flow.media = identify_media(flow.first_packets).media;
        flow.identified = true;
        // The packets held so far join their frames now that the media says what to leave out.
        for (std::size_t i = 0; i < flow.first_packets.size(); ++i) {
          add_to_frame(flow, flow.first_packets[i].rtp, Bytes(flow.first_payloads[i]),
                       static_cast<std::uint64_t>(flow.first_packets[i].arrival_ns));
        }
        flow.first_payloads.clear();
        flow.first_packets.clear();
      }
      continue;
    }
    add_to_frame(flow, packet.rtp, packet.payload, record->timestamp_ns);
  }
  // Flows too short to be confirmed as RTP are left out, as analyze leaves them out. The rest are named
  // by their own SSRC (an SDP stream was gathered under SSRC 0).
  std::map<FlowKey, RecordedFlow> confirmed;
  for (auto& [key, flow] : flows) {
    if (!flow.identified) continue;
    confirmed.emplace(FlowKey{key.destination, key.port, flow.ssrc}, std::move(flow));
  }
  flows = std::move(confirmed);
  return reader->error().empty() ? std::string() : path + ": " + reader->error();
}

// The frame's compared octets: its packets in sequence order.
std::string octets_of(const Frame& frame) {
  std::string octets;
  for (const auto& [sequence, payload] : frame.packets) octets += payload;
  return octets;
}

FlowComparison compare_flow(const FlowKey& key_a, const RecordedFlow& a, const FlowKey& key_b, const RecordedFlow& b) {
  FlowComparison out;
  out.a = key_a;
  out.a_second_leg = a.second_leg;
  out.b = key_b;
  out.b_second_leg = b.second_leg;
  out.media = a.media;
  out.frames_a = a.frames.size();
  out.frames_b = b.frames.size();
  std::vector<double> latencies;
  for (const auto& [timestamp, frame_a] : a.frames) {
    const auto found = b.frames.find(timestamp);
    if (found == b.frames.end()) {
      ++out.missing;
      continue;
    }
    ++out.in_both;
    const Frame& frame_b = found->second;
    const auto latency = static_cast<double>(static_cast<std::int64_t>(frame_b.first_arrival_ns - frame_a.first_arrival_ns));
    out.latency_ns.add(latency);
    latencies.push_back(latency);
    const std::string octets_a = octets_of(frame_a);
    const std::string octets_b = octets_of(frame_b);
    if (octets_a == octets_b) {
      ++out.identical;
      continue;
    }
    ++out.differing;
    if (!out.first_difference) {
      const auto [at_a, at_b] = std::mismatch(octets_a.begin(), octets_a.end(), octets_b.begin(), octets_b.end());
      out.first_difference = FirstDifference{timestamp, static_cast<std::uint64_t>(at_a - octets_a.begin())};
    }
  }
  out.extra = out.frames_b - out.in_both;
  if (!latencies.empty()) {
    std::nth_element(latencies.begin(), latencies.begin() + static_cast<std::ptrdiff_t>(latencies.size() / 2), latencies.end());
    out.latency_median_ns = latencies[latencies.size() / 2];
  }
  return out;
}

}  // namespace

CompareReport compare_captures(const std::string& a_path, const std::string& b_path, const CompareOptions& options) {
  CompareReport report;
  std::map<FlowKey, RecordedFlow> a;
  std::map<FlowKey, RecordedFlow> b;
  const std::string error_a = read_flows(a_path, options.sdp_a, a);
  const std::string error_b = read_flows(b_path, options.sdp_b, b);
  report.error = error_a.empty() ? error_b : error_a;
  // Order of first appearance, per flow.
  const auto in_order = [](const std::map<FlowKey, RecordedFlow>& flows) {
    std::vector<const std::pair<const FlowKey, RecordedFlow>*> order;
    for (const auto& entry : flows) order.push_back(&entry);
    std::sort(order.begin(), order.end(), [](auto* x, auto* y) { return x->second.first_seen_ns < y->second.first_seen_ns; });
    return order;
  };
  const auto order_b = in_order(b);
  std::set<FlowKey> used;
  for (const auto* entry_a : in_order(a)) {
    const std::pair<const FlowKey, RecordedFlow>* match = nullptr;
    std::string how;
    const auto& stream_a = entry_a->second.sdp_stream;
    for (const auto* entry_b : order_b) {
      if (options.sdp_a && options.sdp_b && stream_a && entry_b->second.sdp_stream == stream_a &&
          used.count(entry_b->first) == 0) {
        match = entry_b;
        how = "sdp";
        break;
      }
    }
    for (const auto* entry_b : order_b) {
      if (match != nullptr) break;
      if (used.count(entry_b->first) == 0 && entry_b->first.ssrc == entry_a->first.ssrc) {
        match = entry_b;
        how = "ssrc";
        break;
      }
    }
    for (std::size_t i = 0; match == nullptr && i < order_b.size(); ++i) {
      if (used.count(order_b[i]->first) == 0 && order_b[i]->second.media == entry_a->second.media) {
        match = order_b[i];
        how = "order";
      }
    }
    if (match == nullptr) {
      FlowComparison lonely;
      lonely.a = entry_a->first;
      lonely.a_second_leg = entry_a->second.second_leg;
      lonely.media = entry_a->second.media;
      lonely.frames_a = lonely.missing = entry_a->second.frames.size();
      report.flows.push_back(lonely);
      continue;
    }
    used.insert(match->first);
    report.flows.push_back(compare_flow(entry_a->first, entry_a->second, match->first, match->second));
    report.flows.back().matched_by = how;
  }
  for (const auto* entry_b : order_b) {
    if (used.count(entry_b->first) == 0) report.unmatched_in_b.push_back(entry_b->first);
  }
  return report;
}

}  // namespace crosspoint::cap
