#include "report_text.hpp"

#include <cstdarg>
#include <cstdio>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::cap {

namespace {

void append(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void append(std::string& out, const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  out += line;
}

unsigned long long u(std::uint64_t v) { return static_cast<unsigned long long>(v); }
long long s(std::int64_t v) { return static_cast<long long>(v); }

void append_ptp(std::string& out, const PtpReport& ptp) {
  append(out, "\nPTP: %llu messages", u(ptp.messages));
  for (const auto& [reason, count] : ptp.undecodable) append(out, ", %llu undecodable (%s)", u(count), reason.c_str());
  append(out, "\n");
  for (const PtpDomainReport& d : ptp.domains) {
    append(out, "  domain %u:", d.domain);
    for (const auto& [type, count] : d.messages) append(out, " %s %llu", type.c_str(), u(count));
    append(out, "\n");
    for (const PtpMasterReport& m : d.masters) {
      append(out, "    master %s", m.port_identity.c_str());
      if (!m.grandmaster_identity.empty()) {
        append(out, " (GM %s, priority %u/%u, class %u, accuracy 0x%02x, variance 0x%04x, steps %u, source 0x%02x, "
                    "UTC offset %d%s)",
               m.grandmaster_identity.c_str(), m.priority1, m.priority2, m.clock_class, m.clock_accuracy,
               m.offset_scaled_log_variance, m.steps_removed, m.time_source, m.current_utc_offset,
               m.utc_offset_valid ? " valid" : "");
      }
      append(out, "%s\n", m.two_step ? (*m.two_step ? " two-step" : " one-step") : "");
      const auto rate_line = [&](const char* name, const PtpRate& r) {
        if (r.messages == 0) return;
        append(out, "      %s %llu, every %.4f s", name, u(r.messages), r.measured_interval_s);
        if (r.announced) {
          append(out, " (announced 2^%d = %.4f s)%s", r.announced_log_interval, r.announced_interval_s,
                 r.within_tolerance ? "" : " OFF BY MORE THAN 30%");
        } else {
          append(out, " (no interval announced)");
        }
        append(out, "\n");
      };
      rate_line("Announce", m.announce);
      rate_line("Sync", m.sync);
      rate_line("Delay_Resp", m.delay_resp);
      if (m.follow_ups + m.syncs_without_follow_up + m.follow_ups_without_sync > 0) {
        append(out, "      Follow_Up %llu; Syncs without Follow_Up %llu, Follow_Ups without Sync %llu\n", u(m.follow_ups),
               u(m.syncs_without_follow_up), u(m.follow_ups_without_sync));
      }
      if (m.sm_tlv) {
        append(out, "      SM TLV: frame rate %s, %s, local offset %d s, jump %d s, DST %u, leap jump %u\n",
               m.sm_tlv->default_frame_rate.c_str(), m.sm_tlv->master_locking_status.c_str(),
               m.sm_tlv->current_local_offset_s, m.sm_tlv->jump_seconds, m.sm_tlv->daylight_saving,
               m.sm_tlv->leap_second_jump);
      }
    }
    for (const BestMasterChange& change : d.best_master) {
      append(out, "    best master from %llu ns: %s\n", u(change.capture_ns),
             change.port_identity.empty() ? "none" : change.port_identity.c_str());
    }
    if (d.delay_requests > 0 || d.delay_responses_without_request > 0) {
      append(out, "    Delay_Req %llu, unanswered %llu; Delay_Resp without request %llu\n", u(d.delay_requests),
             u(d.delay_requests_unanswered), u(d.delay_responses_without_request));
    }
    for (const auto& [what, count] : d.management) append(out, "    management %s: %llu\n", what.c_str(), u(count));
    for (const auto& [what, count] : d.management_errors) append(out, "    management error %s: %llu\n", what.c_str(), u(count));
    for (const auto& finding : d.st2059_2_findings) append(out, "    ST 2059-2: %s\n", finding.c_str());
  }
  if (ptp.capture_clock) {
    const CaptureClockOffset& c = *ptp.capture_clock;
    append(out, "  capture clock - PTP time: %.0f ns (median of %llu Syncs from %s; %.0f .. %.0f; path delay not removed)\n",
           c.offset_ns, u(c.samples), c.master.c_str(), c.min_ns, c.max_ns);
  }
}

}  // namespace

std::string to_text(const CaptureReport& report) {
  std::string out;
  append(out, "%s: %llu records", report.file.c_str(), u(report.records));
  if (report.utc_capture) append(out, " (stamped in UTC, read as TAI: +%d s)", static_cast<int>(kTaiMinusUtcSeconds));
  append(out, "\n");
  if (report.truncated()) {
    append(out, "TRUNCATED CAPTURE: %llu of %llu records were cut by the snap length (%u octets); payload figures "
                "cover the octets kept, lengths are the wire's\n",
           u(report.snap_truncated_records), u(report.records), report.snap_length);
  }
  if (!report.capture_error.empty()) append(out, "ERROR: %s (figures below cover what was read)\n", report.capture_error.c_str());
  for (const FlowReport& flow : report.flows) {
    append(out, "\nflow %s ssrc 0x%08x pt %u from %s: %s%s\n", endpoint_text(flow.key.destination, flow.key.port).c_str(),
           flow.key.ssrc, flow.payload_type, endpoint_text(flow.source, flow.source_port).c_str(), to_string(flow.media),
           flow.media_from_sdp ? " (sdp)" : "");
    append(out, "  identified as %s (confidence %.2f: %s)", to_string(flow.identified), flow.media_inference.confidence,
           flow.media_inference.basis.c_str());
    if (flow.media_from_sdp && flow.identified != flow.media) append(out, "; analyzed as the SDP's %s", to_string(flow.media));
    append(out, "\n");
    append(out, "  %.0f packets/s, %.3f Mbit/s of payload, payload %.0f..%.0f octets%s\n", flow.packets_per_second,
           flow.bit_rate_bps / 1e6, flow.payload_octets.min, flow.payload_octets.max,
           flow.truncated_packets > 0 ? " (cut by the snap length)" : "");
    for (const auto& line : flow.sdp_disagreements) append(out, "  SDP DISAGREES: %s\n", line.c_str());
    append(out, "  DSCP %u%s, TTL %u%s; packet spacing %.0f .. %.0f ns (mean %.0f), after the marker %.0f .. %.0f ns, "
                "frame interval %.0f .. %.0f ns\n",
           flow.network.dscp, flow.network.dscp_consistent ? "" : " (CHANGES)", flow.network.ttl,
           flow.network.ttl_consistent ? "" : " (CHANGES)", flow.network.spacing_ns.min, flow.network.spacing_ns.max,
           flow.network.spacing_ns.mean, flow.network.spacing_after_marker_ns.min, flow.network.spacing_after_marker_ns.max,
           flow.network.frame_interval_ns.min, flow.network.frame_interval_ns.max);
    append(out, "  packets %llu, frames %llu, sequence errors %llu (gaps %llu, missing %llu, duplicates %llu, "
                "reorders %llu), payload errors %llu\n",
           u(flow.packets), u(flow.frames), u(flow.sequence.errors()), u(flow.sequence.gaps), u(flow.sequence.missing),
           u(flow.sequence.duplicates), u(flow.sequence.reorders), u(flow.payload_errors));
    append(out, "  rtp timestamp step %.1f (min %.0f, max %.0f): %.3f per second; packet - rtp time %.1f .. %.1f us\n",
           flow.cadence.timestamp_step.mean, flow.cadence.timestamp_step.min, flow.cadence.timestamp_step.max,
           flow.cadence.units_per_second, flow.cadence.packet_to_rtp_us.min, flow.cadence.packet_to_rtp_us.max);
    if (flow.cadence.packet_to_rtp_ptp_us) {
      append(out, "  against PTP time (capture clock offset removed): packet - rtp time %.1f .. %.1f us\n",
             flow.cadence.packet_to_rtp_ptp_us->min, flow.cadence.packet_to_rtp_ptp_us->max);
    }
    if (flow.video) {
      const VideoReport& v = *flow.video;
      append(out, "  video %s: %ux%u%s %s %s-bit (%s", v.format_name.c_str(), v.width, v.height,
             v.interlaced ? " interlaced" : "", v.sampling.c_str(), v.depth.c_str(), v.sampling_from_sdp ? "sdp" : "inferred");
      if (!v.sampling_from_sdp) append(out, ", confidence %.2f", v.sampling_inference.confidence);
      for (const auto& alternative : v.sampling_inference.alternatives) append(out, ", or %s", alternative.c_str());
      append(out, "), %llu fields, %llu incomplete frames\n", u(v.fields), u(v.incomplete_frames));
      if (v.timing) {
        const St2110_21Report& t = *v.timing;
        append(out, "  ST 2110-21: %u packets/frame, TRS %.2f ns, TRO default %.2f us, measured TR offset %.2f us\n",
               t.packets_per_frame, t.trs_ns, t.tro_default_us, t.tr_offset_us);
        append(out, "    Cmax %u (limits narrow %u, narrow linear %u, wide %u)\n", t.cinst_max, t.cmax_narrow,
               t.cmax_narrow_linear, t.cmax_wide);
        append(out, "    VRX gapped %lld..%lld, linear %lld..%lld (VRX_FULL narrow %u, wide %u) over %u frames\n",
               s(t.vrx_min), s(t.vrx_max), s(t.vrx_linear_min), s(t.vrx_linear_max), t.vrx_full_narrow, t.vrx_full_wide,
               t.units_measured);
        append(out, "    rtp - epoch %lld..%lld ticks (allowed -1..%lld: %s); class %s\n", s(t.rtp_vs_epoch_ticks_min),
               s(t.rtp_vs_epoch_ticks_max), s(t.rtp_offset_limit_ticks), t.rtp_offset_within_limit ? "ok" : "OUTSIDE",
               st2110::to_string(t.compliance));
      }
    }
    if (flow.audio) {
      const AudioReport& a = *flow.audio;
      append(out, "  audio %s %u Hz %u ch, %u samples/packet (%.0f us) (%s", a.encoding.c_str(), a.sample_rate,
             a.channels, a.samples_per_packet, a.packet_time_us, a.format_from_sdp ? "sdp" : "inferred");
      if (!a.format_from_sdp) append(out, ", confidence %.2f", a.format_inference.confidence);
      for (const auto& alternative : a.format_inference.alternatives) append(out, ", or %s", alternative.c_str());
      append(out, "); TS-DF %.1f us (limit %.1f us) %s\n", a.ts_df_us, a.ts_df_limit_us,
             a.ts_df_within_limit ? "ok" : "OVER LIMIT");
    }
    if (flow.anc) {
      const AncReport& a = *flow.anc;
      append(out, "  ancillary: %llu ANC packets, %llu empty payloads, %llu padded, rate %s%s\n", u(a.anc_packets),
             u(a.empty_payloads), u(a.padded_packets), a.frame_rate.numerator > 0 ? a.frame_rate.to_string().c_str() : "?",
             a.interlaced ? " interlaced" : "");
      for (const auto& id : a.data_ids) {
        append(out, "    DID/SDID %02x/%02x: %llu packets, lines", id.did, id.sdid, u(id.packets));
        for (const auto line : id.lines) append(out, " %u", line);
        for (const auto& [reason, count] : id.errors) append(out, "; %s %llu", reason.c_str(), u(count));
        append(out, "\n");
      }
      for (const auto& [reason, count] : a.errors) append(out, "    error %s: %llu\n", reason.c_str(), u(count));
      if (a.cut_anc_packets > 0) append(out, "    %llu ANC packets cut by the snap length\n", u(a.cut_anc_packets));
    }
    if (flow.compressed) {
      const CompressedVideoReport& c = *flow.compressed;
      append(out, "  compressed video (ST 2110-22) %s, %s packetization%s, %llu frames at %s, %.3f Mbit/s, %.1f packets/frame, "
                  "%llu codestream starts, %llu counter errors\n",
             c.codec.c_str(), c.packetization.c_str(), c.interlaced ? ", interlaced" : "", u(c.frames),
             c.frame_rate.numerator > 0 ? c.frame_rate.to_string().c_str() : "?", c.bit_rate_bps / 1e6,
             c.packets_per_frame, u(c.codestream_starts), u(c.counter_errors));
    }
  }
  if (report.ptp) append_ptp(out, *report.ptp);
  for (const DupPairReport& pair : report.dup_pairs) {
    append(out, "\nST 2022-7 pair ssrc 0x%08x (%s): %llu packets in range, merged %llu, recovered %llu, lost on both %llu\n",
           pair.ssrc, pair.from_sdp ? "sdp DUP group" : "same SSRC", u(pair.sequence_range), u(pair.merged_packets),
           u(pair.recovered), u(pair.lost_on_both));
    append(out, "  leg skew %.0f .. %.0f ns: a receiver must absorb %.0f ns\n", pair.skew_ns.min, pair.skew_ns.max,
           pair.max_skew_ns);
    for (const DupLegReport& leg : pair.legs) {
      append(out, "  leg %s: %llu packets, %llu missing\n", endpoint_text(leg.key.destination, leg.key.port).c_str(),
             u(leg.packets), u(leg.missing));
    }
  }
  const NonRtpCounts& n = report.non_rtp;
  append(out, "\nnot media: ptp %llu, igmp %llu, arp %llu, dns %llu, mdns %llu, ntp %llu, snmp %llu, syslog %llu, "
              "unconfirmed rtp %llu, other udp %llu, other %llu\n",
         u(n.ptp), u(n.igmp), u(n.arp), u(n.dns), u(n.mdns), u(n.ntp), u(n.snmp), u(n.syslog), u(n.unconfirmed_rtp),
         u(n.other_udp), u(n.other));
  for (const auto& line : report.sdp_disagreements) append(out, "SDP DISAGREES: %s\n", line.c_str());
  for (const auto& [reason, count] : report.malformed) append(out, "malformed (%s): %llu\n", reason.c_str(), u(count));
  return out;
}

}  // namespace crosspoint::cap

namespace crosspoint::cap {

std::string to_text(const CaptureReport& report, const ProfileVerdicts& verdicts) {
  std::string out;
  append(out, "\nprofile %s: capture %s\n", verdicts.profile.c_str(), verdicts.capture.pass ? "PASS" : "FAIL");
  for (std::size_t i = 0; i < verdicts.flows.size() && i < report.flows.size(); ++i) {
    const FlowReport& flow = report.flows[i];
    append(out, "  flow %s (%s): %s\n", endpoint_text(flow.key.destination, flow.key.port).c_str(), to_string(flow.media),
           verdicts.flows[i].pass ? "pass" : "FAIL");
    for (const auto& reason : verdicts.flows[i].reasons) append(out, "    - %s\n", reason.c_str());
  }
  for (std::size_t i = 0; i < verdicts.dup_pairs.size(); ++i) {
    append(out, "  ST 2022-7 pair %zu: %s\n", i + 1, verdicts.dup_pairs[i].pass ? "pass" : "FAIL");
    for (const auto& reason : verdicts.dup_pairs[i].reasons) append(out, "    - %s\n", reason.c_str());
  }
  if (verdicts.ptp) {
    append(out, "  PTP: %s\n", verdicts.ptp->pass ? "pass" : "FAIL");
    for (const auto& reason : verdicts.ptp->reasons) append(out, "    - %s\n", reason.c_str());
  }
  return out;
}

}  // namespace crosspoint::cap
