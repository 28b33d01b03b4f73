#include "capture_compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "crosspoint/st2110/rtp_packet.hpp"
#include "capture_source.hpp"
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

// The packets of one frame: arrival of the first, and the compared payload octets in arrival order.
struct Frame {
  std::uint64_t first_arrival_ns = 0;
  std::string octets;
};

struct RecordedFlow {
  std::uint64_t first_seen_ns = 0;
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

std::string read_flows(const std::string& path, std::map<FlowKey, RecordedFlow>& flows) {
  auto reader = CaptureSource::open(path);
  if (!reader) return path + ": " + reader.error();
  while (auto record = reader->next()) {
    const auto parsed = parse_rtp_packet(record->bytes, record->original_length);
    if (!parsed) continue;
    const RtpPacketView& packet = *parsed;
    if (udp_service_of(packet.udp.source_port, packet.udp.destination_port) != UdpService::kNone) continue;
    RecordedFlow& flow = flows[FlowKey{packet.ip.destination, packet.udp.destination_port, packet.rtp.ssrc}];
    if (flow.packets++ == 0) flow.first_seen_ns = record->timestamp_ns;
    if (!flow.identified) {
      flow.first_payloads.emplace_back(packet.payload.begin(), packet.payload.end());
      flow.first_packets.push_back(IdentifiedPacket{static_cast<Nanoseconds>(record->timestamp_ns), packet.rtp, {},
                                                    packet.payload_wire_length});
      if (flow.first_packets.size() == kRtpPacketsToConfirm) {
        for (std::size_t i = 0; i < flow.first_packets.size(); ++i) flow.first_packets[i].payload = Bytes(flow.first_payloads[i]);
        flow.media = identify_media(flow.first_packets).media;
        flow.identified = true;
        // The packets held so far join their frames now that the media says what to leave out.
        for (std::size_t i = 0; i < flow.first_packets.size(); ++i) {
          Frame& frame = flow.frames[flow.first_packets[i].rtp.timestamp];
          if (frame.octets.empty()) frame.first_arrival_ns = static_cast<std::uint64_t>(flow.first_packets[i].arrival_ns);
          const auto& bytes = flow.first_payloads[i];
          frame.octets.append(bytes.begin() + static_cast<std::ptrdiff_t>(std::min(kept_from(flow.media), bytes.size())),
                              bytes.end());
        }
        flow.first_payloads.clear();
        flow.first_packets.clear();
      }
      continue;
    }
    auto [it, created] = flow.frames.try_emplace(packet.rtp.timestamp);
    if (created) it->second.first_arrival_ns = record->timestamp_ns;
    const std::size_t skip = std::min(kept_from(flow.media), packet.payload.size());
    it->second.octets.append(packet.payload.begin() + static_cast<std::ptrdiff_t>(skip), packet.payload.end());
  }
  // Flows too short to be confirmed as RTP are left out, as analyze leaves them out.
  for (auto it = flows.begin(); it != flows.end();) {
    it = it->second.identified ? std::next(it) : flows.erase(it);
  }
  return reader->error().empty() ? std::string() : path + ": " + reader->error();
}

FlowComparison compare_flow(const FlowKey& key_a, const RecordedFlow& a, const FlowKey& key_b, const RecordedFlow& b) {
  FlowComparison out;
  out.a = key_a;
  out.b = key_b;
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
    if (frame_a.octets == frame_b.octets) {
      ++out.identical;
      continue;
    }
    ++out.differing;
    if (!out.first_difference) {
      const auto [at_a, at_b] = std::mismatch(frame_a.octets.begin(), frame_a.octets.end(), frame_b.octets.begin(),
                                              frame_b.octets.end());
      out.first_difference = FirstDifference{timestamp, static_cast<std::uint64_t>(at_a - frame_a.octets.begin())};
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

CompareReport compare_captures(const std::string& a_path, const std::string& b_path) {
  CompareReport report;
  std::map<FlowKey, RecordedFlow> a;
  std::map<FlowKey, RecordedFlow> b;
  const std::string error_a = read_flows(a_path, a);
  const std::string error_b = read_flows(b_path, b);
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
    for (const auto* entry_b : order_b) {
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
