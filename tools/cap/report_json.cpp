#include "report_json.hpp"

#include <cstdio>

namespace crosspoint::cap {

using nlohmann::json;

namespace {

json range_json(const Range& range) {
  return json{{"min", range.min}, {"max", range.max}, {"mean", range.mean}, {"count", range.count}};
}

std::string hex_byte(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", value);
  return text;
}

std::string rate_text(Rational rate) {
  return rate.numerator > 0 ? rate.to_string() : std::string();
}

json inference_json(const Inference& inference) {
  return json{{"confidence", inference.confidence}, {"basis", inference.basis}, {"alternatives", inference.alternatives}};
}

json video_json(const VideoReport& video) {
  json out{{"width", video.width},
           {"height", video.height},
           {"interlaced", video.interlaced},
           {"fields", video.fields},
           {"sampling", video.sampling},
           {"depth", video.depth},
           {"sampling_source", video.sampling_from_sdp ? "sdp" : "inferred"},
           {"sampling_inference", inference_json(video.sampling_inference)},
           {"exact_frame_rate", rate_text(video.frame_rate)},
           {"format", video.format_name},
           {"incomplete_frames", video.incomplete_frames},
           {"marker_packets", video.marker_packets}};
  if (video.timing) {
    const St2110_21Report& t = *video.timing;
    out["packets_per_frame"] = t.packets_per_frame;
    out["st2110_21"] = json{{"cmax", t.cinst_max},
                            {"cmax_limit_narrow", t.cmax_narrow},
                            {"cmax_limit_narrow_linear", t.cmax_narrow_linear},
                            {"cmax_limit_wide", t.cmax_wide},
                            {"vrx_max", t.vrx_max},
                            {"vrx_min", t.vrx_min},
                            {"vrx_linear_max", t.vrx_linear_max},
                            {"vrx_linear_min", t.vrx_linear_min},
                            {"vrx_full_narrow", t.vrx_full_narrow},
                            {"vrx_full_wide", t.vrx_full_wide},
                            {"trs_ns", t.trs_ns},
                            {"tro_default_us", t.tro_default_us},
                            {"tr_offset_us", t.tr_offset_us},
                            {"rtp_minus_epoch_ticks", json{{"min", t.rtp_vs_epoch_ticks_min},
                                                           {"max", t.rtp_vs_epoch_ticks_max},
                                                           {"limit", t.rtp_offset_limit_ticks},
                                                           {"within_limit", t.rtp_offset_within_limit}}},
                            {"frames_measured", t.units_measured},
                            {"class", st2110::to_string(t.compliance)}};
  }
  return out;
}

json audio_json(const AudioReport& audio) {
  return json{{"encoding", audio.encoding},
              {"sample_rate", audio.sample_rate},
              {"channels", audio.channels},
              {"samples_per_packet", audio.samples_per_packet},
              {"packet_time_us", audio.packet_time_us},
              {"format_source", audio.format_from_sdp ? "sdp" : "inferred"},
              {"format_inference", inference_json(audio.format_inference)},
              {"octets_per_sample_period", audio.frame_bytes},
              {"measured_sample_rate", audio.measured_sample_rate},
              {"ts_df", json{{"max_us", audio.ts_df_us},
                             {"limit_us", audio.ts_df_limit_us},
                             {"windows", audio.ts_df_windows},
                             {"within_limit", audio.ts_df_within_limit}}}};
}

json anc_json(const AncReport& anc) {
  json ids = json::array();
  for (const auto& id : anc.data_ids) {
    ids.push_back(json{{"did", hex_byte(id.did)}, {"sdid", hex_byte(id.sdid)}, {"packets", id.packets},
                       {"lines", id.lines}, {"errors", id.errors}});
  }
  return json{{"anc_packets", anc.anc_packets},
              {"empty_payloads", anc.empty_payloads},
              {"padded_packets", anc.padded_packets},
              {"data_ids", ids},
              {"field_values", anc.field_values},
              {"interlaced", anc.interlaced},
              {"exact_frame_rate", rate_text(anc.frame_rate)},
              {"errors", anc.errors},
              {"cut_anc_packets", anc.cut_anc_packets}};
}

json compressed_json(const CompressedVideoReport& c) {
  return json{{"codec", c.codec},
              {"packetization_mode", c.packetization},
              {"sequential", c.sequential},
              {"interlaced", c.interlaced},
              {"frames", c.frames},
              {"exact_frame_rate", rate_text(c.frame_rate)},
              {"bit_rate_bps", c.bit_rate_bps},
              {"packets_per_frame", c.packets_per_frame},
              {"codestream_starts", c.codestream_starts},
              {"counter_errors", c.counter_errors}};
}

json rate_json(const PtpRate& rate) {
  return json{{"messages", rate.messages},
              {"announced_log_interval", rate.announced ? json(rate.announced_log_interval) : json(nullptr)},
              {"announced_interval_s", rate.announced_interval_s},
              {"measured_interval_s", rate.measured_interval_s},
              {"within_tolerance", rate.within_tolerance}};
}

json ptp_json(const PtpReport& ptp) {
  json domains = json::array();
  for (const PtpDomainReport& d : ptp.domains) {
    json masters = json::array();
    for (const PtpMasterReport& m : d.masters) {
      json out{{"port_identity", m.port_identity},
               {"grandmaster_identity", m.grandmaster_identity},
               {"priority1", m.priority1},
               {"priority2", m.priority2},
               {"clock_class", m.clock_class},
               {"clock_accuracy", m.clock_accuracy},
               {"offset_scaled_log_variance", m.offset_scaled_log_variance},
               {"steps_removed", m.steps_removed},
               {"time_source", m.time_source},
               {"current_utc_offset", m.current_utc_offset},
               {"utc_offset_valid", m.utc_offset_valid},
               {"ptp_timescale", m.ptp_timescale},
               {"time_traceable", m.time_traceable},
               {"frequency_traceable", m.frequency_traceable},
               {"two_step", m.two_step ? json(*m.two_step) : json(nullptr)},
               {"announce", rate_json(m.announce)},
               {"sync", rate_json(m.sync)},
               {"delay_resp", rate_json(m.delay_resp)},
               {"follow_ups", m.follow_ups},
               {"syncs_without_follow_up", m.syncs_without_follow_up},
               {"follow_ups_without_sync", m.follow_ups_without_sync},
               {"sm_tlv", nullptr}};
      if (m.sm_tlv) {
        out["sm_tlv"] = json{{"default_frame_rate", m.sm_tlv->default_frame_rate},
                             {"master_locking_status", m.sm_tlv->master_locking_status},
                             {"current_local_offset_s", m.sm_tlv->current_local_offset_s},
                             {"jump_seconds", m.sm_tlv->jump_seconds},
                             {"daylight_saving", m.sm_tlv->daylight_saving},
                             {"leap_second_jump", m.sm_tlv->leap_second_jump},
                             {"time_address_flags", m.sm_tlv->time_address_flags}};
      }
      masters.push_back(std::move(out));
    }
    json best = json::array();
    for (const BestMasterChange& change : d.best_master) {
      best.push_back(json{{"capture_ns", change.capture_ns},
                          {"port_identity", change.port_identity},
                          {"grandmaster_identity", change.grandmaster_identity}});
    }
    domains.push_back(json{{"domain", d.domain},
                           {"messages", d.messages},
                           {"masters", masters},
                           {"best_master", best},
                           {"delay_requests", d.delay_requests},
                           {"delay_requests_unanswered", d.delay_requests_unanswered},
                           {"delay_responses_without_request", d.delay_responses_without_request},
                           {"management", d.management},
                           {"management_errors", d.management_errors},
                           {"st2059_2_findings", d.st2059_2_findings}});
  }
  json out{{"messages", ptp.messages}, {"undecodable", ptp.undecodable}, {"domains", domains}, {"capture_clock", nullptr}};
  if (ptp.capture_clock) {
    const CaptureClockOffset& c = *ptp.capture_clock;
    out["capture_clock"] = json{{"offset_ns", c.offset_ns}, {"min_ns", c.min_ns}, {"max_ns", c.max_ns},
                                {"samples", c.samples}, {"master", c.master}};
  }
  return out;
}

json verdict_json(const Verdict& verdict) { return json{{"pass", verdict.pass}, {"reasons", verdict.reasons}}; }

json network_json(const NetworkReport& n) {
  return json{{"dscp", n.dscp},
              {"dscp_consistent", n.dscp_consistent},
              {"ttl", n.ttl},
              {"ttl_consistent", n.ttl_consistent},
              {"spacing_ns", range_json(n.spacing_ns)},
              {"spacing_after_marker_ns", range_json(n.spacing_after_marker_ns)},
              {"frame_interval_ns", range_json(n.frame_interval_ns)}};
}

}  // namespace

json to_json(const CaptureReport& report, const ProfileVerdicts* verdicts) {
  json flows = json::array();
  for (const FlowReport& flow : report.flows) {
    json out{{"destination", endpoint_text(flow.key.destination, flow.key.port)},
             {"source", endpoint_text(flow.source, flow.source_port)},
             {"ssrc", flow.key.ssrc},
             {"payload_type", flow.payload_type},
             {"media_type", to_string(flow.media)},
             {"media_type_source", flow.media_from_sdp ? "sdp" : "inferred"},
             {"identified_as", to_string(flow.identified)},
             {"identification", inference_json(flow.media_inference)},
             {"truncated_packets", flow.truncated_packets},
             {"payload_octets", range_json(flow.payload_octets)},
             {"bit_rate_bps", flow.bit_rate_bps},
             {"packets_per_second", flow.packets_per_second},
             {"sdp_disagreements", flow.sdp_disagreements},
             {"packets", flow.packets},
             {"frames", flow.frames},
             {"sequence_errors", flow.sequence.errors()},
             {"sequence", json{{"gaps", flow.sequence.gaps},
                               {"missing", flow.sequence.missing},
                               {"duplicates", flow.sequence.duplicates},
                               {"reorders", flow.sequence.reorders}}},
             {"payload_errors", flow.payload_errors},
             {"first_packet_ns", flow.first_arrival_ns},
             {"last_packet_ns", flow.last_arrival_ns},
             {"rtp", json{{"timestamp_step", range_json(flow.cadence.timestamp_step)},
                          {"units_per_second", flow.cadence.units_per_second},
                          {"packet_minus_rtp_time_us", range_json(flow.cadence.packet_to_rtp_us)},
                          {"packet_minus_rtp_time_ptp_us", flow.cadence.packet_to_rtp_ptp_us
                                                               ? range_json(*flow.cadence.packet_to_rtp_ptp_us)
                                                               : json(nullptr)}}}};
    if (flow.video) out.update(video_json(*flow.video));
    if (flow.audio) out["audio"] = audio_json(*flow.audio);
    if (flow.anc) out["ancillary"] = anc_json(*flow.anc);
    if (flow.compressed) out["compressed_video"] = compressed_json(*flow.compressed);
    out["network"] = network_json(flow.network);
    if (verdicts != nullptr && flows.size() < verdicts->flows.size()) out["verdict"] = verdict_json(verdicts->flows[flows.size()]);
    flows.push_back(std::move(out));
  }
  json pairs = json::array();
  for (const DupPairReport& pair : report.dup_pairs) {
    json legs = json::array();
    for (const DupLegReport& leg : pair.legs) {
      legs.push_back(json{{"destination", endpoint_text(leg.key.destination, leg.key.port)},
                          {"packets", leg.packets},
                          {"missing", leg.missing}});
    }
    pairs.push_back(json{{"ssrc", pair.ssrc},
                         {"source", pair.from_sdp ? "sdp" : "ssrc"},
                         {"legs", legs},
                         {"sequence_range", pair.sequence_range},
                         {"merged_packets", pair.merged_packets},
                         {"recovered", pair.recovered},
                         {"lost_on_both", pair.lost_on_both},
                         {"skew_ns", range_json(pair.skew_ns)},
                         {"max_skew_ns", pair.max_skew_ns}});
    if (verdicts != nullptr && pairs.size() <= verdicts->dup_pairs.size()) {
      pairs.back()["verdict"] = verdict_json(verdicts->dup_pairs[pairs.size() - 1]);
    }
  }
  json out{{"file", report.file},
              {"records", report.records},
              {"snap_truncated_records", report.snap_truncated_records},
              {"truncated", report.truncated()},
              {"snap_length", report.snap_length},
              {"utc_capture", report.utc_capture},
              {"error", report.capture_error.empty() ? json(nullptr) : json(report.capture_error)},
              {"non_rtp", json{{"ptp", report.non_rtp.ptp},
                               {"igmp", report.non_rtp.igmp},
                               {"arp", report.non_rtp.arp},
                               {"dns", report.non_rtp.dns},
                               {"mdns", report.non_rtp.mdns},
                               {"ntp", report.non_rtp.ntp},
                               {"snmp", report.non_rtp.snmp},
                               {"syslog", report.non_rtp.syslog},
                               {"unconfirmed_rtp", report.non_rtp.unconfirmed_rtp},
                               {"other_udp", report.non_rtp.other_udp},
                               {"other", report.non_rtp.other}}},
              {"sdp_disagreements", report.sdp_disagreements},
              {"ptp", report.ptp ? ptp_json(*report.ptp) : json(nullptr)},
              {"malformed", report.malformed},
              {"flows", flows},
              {"st2022_7", pairs}};
  if (verdicts != nullptr) {
    out["verdicts"] = json{{"profile", verdicts->profile},
                           {"capture", verdict_json(verdicts->capture)},
                           {"ptp", verdicts->ptp ? verdict_json(*verdicts->ptp) : json(nullptr)}};
  }
  return out;
}

}  // namespace crosspoint::cap
