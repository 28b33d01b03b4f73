#include "capture_compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "capture_source.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "media_identification.hpp"
#include "octet_digest.hpp"
#include "rtp_consistency.hpp"
#include "udp_service.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

bool CompareReport::bit_exact() const {
  return error.empty() && unmatched_in_b.empty() &&
         std::all_of(flows.begin(), flows.end(), [](const FlowComparison& f) { return f.bit_exact(); });
}

namespace {

// Packets' compared octets with their sequence numbers, in the order a frame's octets run.
using FramePackets = std::vector<std::pair<std::uint32_t, std::string>>;

// One frame: the arrival of its first packet and the digest of its compared octets. A frame of two legs
// merged holds its packets, in sequence order, until both legs have passed it.
struct Frame {
  std::uint64_t first_arrival_ns = 0;
  OctetDigest digest;
  FramePackets held;
  std::uint32_t last_sequence = 0;
};

// A stream's place in an SDP: its media type, and how many streams of that type come before it.
using SdpPlace = std::pair<MediaType, std::size_t>;

// Where a recorded flow's packets went: one destination, or the two legs of an SDP DUP group.
struct RecordedFlow {
  std::uint64_t first_seen_ns = 0;
  std::uint32_t ssrc = 0;
  std::optional<SdpPlace> sdp_stream;  // its stream's place in the capture's SDP
  std::optional<FlowKey> second_leg;
  FlowKey gathered_under;    // the first leg's destination (SSRC 0) when an SDP names it
  bool merges_legs = false;  // its SDP stream is a DUP group
  std::uint32_t leg_highest[2] = {0, 0};  // merged legs: the highest sequence each has brought
  bool leg_seen[2] = {false, false};
  std::vector<std::uint32_t> open_frames;  // merged legs: frames still holding packets, oldest first
  std::uint64_t held_octets = 0;
  std::uint64_t newest_arrival_ns = 0;
  std::vector<IdentifiedPacket> first_packets;  // for identification; payloads are copied below
  std::vector<std::vector<std::uint8_t>> first_payloads;
  std::vector<std::size_t> first_legs;
  std::size_t identifying_leg = 0;
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

// Whether sequence number `a` comes after `b`: 32-bit numbers where the payload extends them, else 16-bit.
bool after(DetectedMedia media, std::uint32_t a, std::uint32_t b) {
  return kept_from(media) > 0 ? static_cast<std::int32_t>(a - b) > 0 : static_cast<std::int16_t>(a - b) > 0;
}

// Puts a packet in its frame's order: arrival order, or for two legs merged sequence order, where a
// packet both legs brought counts once, from the first.
void place_packet(FramePackets& packets, std::uint32_t sequence, std::string octets, bool merges_legs) {
  if (!merges_legs) {
    packets.emplace_back(sequence, std::move(octets));
    return;
  }
  const auto at = std::lower_bound(packets.begin(), packets.end(), sequence,
                                   [](const auto& packet, std::uint32_t value) { return packet.first < value; });
  if (at == packets.end() || at->first != sequence) packets.emplace(at, sequence, std::move(octets));
}

void fold_held(RecordedFlow& flow, Frame& frame) {
  for (const auto& [sequence, octets] : frame.held) {
    frame.digest.add(Bytes(reinterpret_cast<const std::uint8_t*>(octets.data()), octets.size()));
    flow.held_octets -= octets.size();
  }
  FramePackets().swap(frame.held);
}

// Merged legs: a frame is complete when both legs have passed it. A leg that never comes, or comes later
// than any ST 2022-7 receiver would wait, does not hold frames for ever: past a second, or 512 MB held,
// the oldest frame is taken as it is.
void fold_passed_frames(RecordedFlow& flow) {
  constexpr std::uint64_t kLongestWaitNs = 1'000'000'000;
  constexpr std::uint64_t kMostHeldOctets = std::uint64_t{512} << 20;
  while (!flow.open_frames.empty()) {
    Frame& frame = flow.frames[flow.open_frames.front()];
    bool passed = true;
    for (std::size_t leg = 0; leg < 2; ++leg) {
      if (!flow.leg_seen[leg] || !after(flow.media, flow.leg_highest[leg], frame.last_sequence)) passed = false;
    }
    passed = passed || flow.newest_arrival_ns - frame.first_arrival_ns > kLongestWaitNs ||
             (flow.held_octets > kMostHeldOctets && flow.open_frames.size() > 1);
    if (!passed) return;
    fold_held(flow, frame);
    flow.open_frames.erase(flow.open_frames.begin());
  }
}

void add_to_frame(RecordedFlow& flow, std::size_t leg, const RtpHeader& rtp, Bytes payload, std::uint64_t arrival_ns) {
  auto [it, created] = flow.frames.try_emplace(rtp.timestamp);
  Frame& frame = it->second;
  if (created) frame.first_arrival_ns = arrival_ns;
  const std::size_t skip = std::min(kept_from(flow.media), payload.size());
  const Bytes octets = payload.subspan(skip);
  if (!flow.merges_legs) {
    frame.digest.add(octets);
    return;
  }
  const std::uint32_t sequence = sequence_in_frame(flow.media, rtp, payload);
  if (created) {
    flow.open_frames.push_back(rtp.timestamp);
    frame.last_sequence = sequence;
  }
  if (after(flow.media, sequence, frame.last_sequence)) frame.last_sequence = sequence;
  if (!flow.leg_seen[leg] || after(flow.media, sequence, flow.leg_highest[leg])) flow.leg_highest[leg] = sequence;
  flow.leg_seen[leg] = true;
  flow.newest_arrival_ns = std::max(flow.newest_arrival_ns, arrival_ns);
  if (std::find(flow.open_frames.begin(), flow.open_frames.end(), rtp.timestamp) == flow.open_frames.end()) {
    return;  // a packet of a frame already folded: its copy from the other leg came first
  }
  const std::size_t before = frame.held.size();
  place_packet(frame.held, sequence, std::string(octets.begin(), octets.end()), true);
  if (frame.held.size() > before) flow.held_octets += octets.size();
  fold_passed_frames(flow);
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

// The key a packet is gathered under: its flow's, or for a leg an SDP names its stream's first leg (SSRC
// 0), with the stream.
std::pair<FlowKey, std::optional<std::size_t>> gathering_key(const RtpPacketView& packet, const SdpStreams& streams) {
  const FlowKey key{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc};
  if (auto found = streams.stream_of.find({key.destination, key.port}); found != streams.stream_of.end()) {
    return {streams.first_leg[found->second], found->second};
  }
  return {key, std::nullopt};
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
    const auto [key, stream] = gathering_key(packet, streams);
    RecordedFlow& flow = flows[key];
    if (flow.packets++ == 0) {
      flow.first_seen_ns = record->timestamp_ns;
      flow.ssrc = packet.rtp.ssrc;
      flow.gathered_under = key;
      if (stream) {
        flow.sdp_stream = streams.place[*stream];
        flow.merges_legs = streams.legs[*stream] > 1;
      }
    }
    const bool on_second_leg = packet.ip.destination != key.destination || packet.udp.destination_port != key.port;
    if (stream && on_second_leg) {
      flow.second_leg = FlowKey{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc};
    }
    const std::size_t leg = stream && on_second_leg ? 1 : 0;
    if (!flow.identified) {
      if (flow.first_packets.empty()) flow.identifying_leg = leg;
      flow.first_payloads.emplace_back(packet.payload.begin(), packet.payload.end());
      flow.first_legs.push_back(leg);
      flow.first_packets.push_back(IdentifiedPacket{static_cast<Nanoseconds>(record->timestamp_ns), packet.rtp, {},
                                                    packet.payload_wire_length});
      // Identification reads one leg: the other's copies would repeat its packets.
      std::vector<IdentifiedPacket> one_leg;
      for (std::size_t i = 0; i < flow.first_packets.size(); ++i) {
        if (flow.first_legs[i] != flow.identifying_leg) continue;
        one_leg.push_back(flow.first_packets[i]);
        one_leg.back().payload = Bytes(flow.first_payloads[i]);
      }
      if (one_leg.size() == kRtpPacketsToConfirm) {
        flow.media = identify_media(one_leg).media;
        flow.identified = true;
        // The packets held so far join their frames now that the media says what to leave out.
        for (std::size_t i = 0; i < flow.first_packets.size(); ++i) {
          add_to_frame(flow, flow.first_legs[i], flow.first_packets[i].rtp, Bytes(flow.first_payloads[i]),
                       static_cast<std::uint64_t>(flow.first_packets[i].arrival_ns));
        }
        flow.first_payloads.clear();
        flow.first_packets.clear();
        flow.first_legs.clear();
      }
      continue;
    }
    add_to_frame(flow, leg, packet.rtp, packet.payload, record->timestamp_ns);
  }
  // Flows too short to be confirmed as RTP are left out, as analyze leaves them out. The rest are named
  // by their own SSRC (an SDP stream was gathered under SSRC 0).
  std::map<FlowKey, RecordedFlow> confirmed;
  for (auto& [key, flow] : flows) {
    if (!flow.identified) continue;
    for (const std::uint32_t timestamp : flow.open_frames) fold_held(flow, flow.frames[timestamp]);
    flow.open_frames.clear();
    confirmed.emplace(FlowKey{key.destination, key.port, flow.ssrc}, std::move(flow));
  }
  flows = std::move(confirmed);
  return reader->error().empty() ? std::string() : path + ": " + reader->error();
}

// The compared octets of one frame of one flow, read again from the file (the first pass kept digests only).
std::string frame_octets(const std::string& path, const std::optional<SessionDescription>& sdp,
                         const RecordedFlow& flow, std::uint32_t timestamp) {
  FramePackets packets;
  auto reader = CaptureSource::open(path);
  if (!reader) return {};
  const SdpStreams streams = sdp ? streams_of(*sdp) : SdpStreams{};
  while (auto record = reader->next()) {
    const auto parsed = parse_rtp_packet(record->bytes, record->original_length);
    if (!parsed || parsed->rtp.timestamp != timestamp) continue;
    const RtpPacketView& packet = *parsed;
    if (gathering_key(packet, streams).first != flow.gathered_under) continue;
    const Bytes octets = packet.payload.subspan(std::min(kept_from(flow.media), packet.payload.size()));
    place_packet(packets, sequence_in_frame(flow.media, packet.rtp, packet.payload),
                 std::string(octets.begin(), octets.end()), flow.merges_legs);
  }
  std::string octets;
  for (const auto& [sequence, piece] : packets) octets += piece;
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
    if (frame_a.digest == frame_b.digest) {
      ++out.identical;
      continue;
    }
    ++out.differing;
    // Where it differs is found later, from the files.
    if (!out.first_difference) out.first_difference = FirstDifference{timestamp, 0};
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
    FlowComparison compared = compare_flow(entry_a->first, entry_a->second, match->first, match->second);
    compared.matched_by = how;
    if (compared.first_difference) {
      const std::uint32_t timestamp = compared.first_difference->rtp_timestamp;
      const std::string octets_a = frame_octets(a_path, options.sdp_a, entry_a->second, timestamp);
      const std::string octets_b = frame_octets(b_path, options.sdp_b, match->second, timestamp);
      const auto [at_a, at_b] = std::mismatch(octets_a.begin(), octets_a.end(), octets_b.begin(), octets_b.end());
      compared.first_difference->byte_offset = static_cast<std::uint64_t>(at_a - octets_a.begin());
    }
    report.flows.push_back(std::move(compared));
  }
  for (const auto* entry_b : order_b) {
    if (used.count(entry_b->first) == 0) report.unmatched_in_b.push_back(entry_b->first);
  }
  return report;
}

}  // namespace crosspoint::cap
