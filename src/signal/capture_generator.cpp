#include "crosspoint/signal/capture_generator.hpp"

#include <fstream>

#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/sdp.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

SessionDescription session_for(const std::vector<GeneratedFlow>& flows) {
  SessionDescription session;
  session.session_name = "crosspoint-cap";
  for (const auto& flow : flows) {
    SdpSessionOptions options;
    options.session_name = session.session_name;
    options.payload_type = flow.address.payload_type;
    const SdpLegAddress primary{flow.address.destination, flow.address.destination_port, flow.address.source};
    SessionDescription part;
    if (flow.second_leg) {
      const SdpLegAddress secondary{*flow.second_leg, flow.address.destination_port, flow.address.source};
      part = make_dup_session(flow.format, primary, secondary, options);
      for (auto& leg : part.legs) leg.mid = flow.name + "-" + leg.mid;
      session.dup_groups.push_back(DupGroup{{part.legs[0].mid, part.legs[1].mid}});
    } else {
      part = make_single_leg_session(flow.format, primary, options);
      if (flows.size() > 1) part.legs[0].mid = flow.name;
    }
    if (session.legs.empty()) {
      session.origin = part.origin;
      session.origin.address = flow.address.source;
      session.timing = part.timing;
    }
    for (auto& leg : part.legs) session.legs.push_back(std::move(leg));
  }
  return session;
}

Expected<GenerationResult, std::string> write_capture(std::vector<GeneratedFlow>& flows, const std::string& pcap_path,
                                                      const std::string& sdp_path) {
  auto writer = capture::PcapWriter::create(pcap_path);
  if (!writer) return Unexpected{"cannot write " + pcap_path + ": " + writer.error()};

  std::vector<LegWriter> legs;
  std::vector<GeneratedPacket> pending(flows.size());
  std::vector<bool> live(flows.size());
  legs.reserve(flows.size());
  for (std::size_t i = 0; i < flows.size(); ++i) {
    legs.emplace_back(*writer, flows[i].second_leg, flows[i].leg_a_loss, flows[i].leg_b_loss, flows[i].leg_b_delay_ns);
    live[i] = flows[i].source->next(pending[i]);
  }

  GenerationResult result;
  // Merge by send time; ties go to the earlier flow so the output does not depend on anything else.
  for (;;) {
    std::size_t earliest = flows.size();
    for (std::size_t i = 0; i < flows.size(); ++i) {
      if (live[i] && (earliest == flows.size() || pending[i].send_time_ns < pending[earliest].send_time_ns)) {
        earliest = i;
      }
    }
    // Leg B copies held back by a path delay go out once their time comes, earliest first.
    const std::uint64_t now = earliest == flows.size() ? ~std::uint64_t{0} : static_cast<std::uint64_t>(pending[earliest].send_time_ns);
    for (;;) {
      LegWriter* due = nullptr;
      for (auto& leg : legs) {
        const auto at = leg.next_delayed();
        if (at && *at <= now && (due == nullptr || *at < *due->next_delayed())) due = &leg;
      }
      if (due == nullptr) break;
      if (!due->write_next_delayed()) return Unexpected{"writing " + pcap_path + ": " + writer->error()};
    }
    if (earliest == flows.size()) break;
    if (!legs[earliest].write(pending[earliest])) return Unexpected{"writing " + pcap_path + ": " + writer->error()};
    ++result.packets_generated;
    live[earliest] = flows[earliest].source->next(pending[earliest]);
  }
  if (!writer->close()) return Unexpected{"closing " + pcap_path + ": " + writer->error()};
  result.records_written = writer->records_written();
  for (const auto& leg : legs) {
    result.lost_on_a += leg.lost_on_a();
    result.lost_on_b += leg.lost_on_b();
  }

  if (!sdp_path.empty()) {
    std::ofstream sdp(sdp_path, std::ios::binary | std::ios::trunc);
    sdp << generate_sdp(session_for(flows));
    if (!sdp) return Unexpected{"cannot write " + sdp_path};
  }
  return result;
}

}  // namespace crosspoint::cap
