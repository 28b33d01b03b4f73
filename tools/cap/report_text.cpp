#include "report_text.hpp"

#include <cstdarg>
#include <cstdio>

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

}  // namespace

std::string to_text(const CaptureReport& report) {
  std::string out;
  append(out, "%s: %llu records", report.file.c_str(), u(report.records));
  if (report.snap_truncated_records > 0) append(out, " (%llu cut by the snap length)", u(report.snap_truncated_records));
  append(out, "\n");
  if (!report.capture_error.empty()) append(out, "ERROR: %s (figures below cover what was read)\n", report.capture_error.c_str());
  for (const FlowReport& flow : report.flows) {
    append(out, "\nflow %s ssrc 0x%08x pt %u from %s: %s%s\n", endpoint_text(flow.key.destination, flow.key.port).c_str(),
           flow.key.ssrc, flow.payload_type, endpoint_text(flow.source, flow.source_port).c_str(), to_string(flow.media),
           flow.media_from_sdp ? " (sdp)" : "");
    append(out, "  packets %llu, frames %llu, sequence errors %llu (gaps %llu, missing %llu, duplicates %llu, "
                "reorders %llu), payload errors %llu\n",
           u(flow.packets), u(flow.frames), u(flow.sequence.errors()), u(flow.sequence.gaps), u(flow.sequence.missing),
           u(flow.sequence.duplicates), u(flow.sequence.reorders), u(flow.payload_errors));
    append(out, "  rtp timestamp step %.1f (min %.0f, max %.0f): %.3f per second; packet - rtp time %.1f .. %.1f us\n",
           flow.cadence.timestamp_step.mean, flow.cadence.timestamp_step.min, flow.cadence.timestamp_step.max,
           flow.cadence.units_per_second, flow.cadence.packet_to_rtp_us.min, flow.cadence.packet_to_rtp_us.max);
    if (flow.video) {
      const VideoReport& v = *flow.video;
      append(out, "  video %s: %ux%u%s %s %s-bit (%s)%s, %llu fields, %llu incomplete frames\n", v.format_name.c_str(),
             v.width, v.height, v.interlaced ? " interlaced" : "", v.sampling.c_str(), v.depth.c_str(),
             v.sampling_from_sdp ? "sdp" : "inferred", "", u(v.fields), u(v.incomplete_frames));
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
      append(out, "  audio %s %u Hz %u ch, %u samples/packet (%.0f us) (%s); TS-DF %.1f us (limit %.1f us) %s\n",
             a.encoding.c_str(), a.sample_rate, a.channels, a.samples_per_packet, a.packet_time_us,
             a.format_from_sdp ? "sdp" : "inferred", a.ts_df_us, a.ts_df_limit_us,
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
        append(out, "\n");
      }
      for (const auto& [reason, count] : a.errors) append(out, "    error %s: %llu\n", reason.c_str(), u(count));
    }
  }
  for (const DupPairReport& pair : report.dup_pairs) {
    append(out, "\nST 2022-7 pair ssrc 0x%08x (%s): %llu packets in range, merged %llu, recovered %llu, lost on both %llu\n",
           pair.ssrc, pair.from_sdp ? "sdp DUP group" : "same SSRC", u(pair.sequence_range), u(pair.merged_packets),
           u(pair.recovered), u(pair.lost_on_both));
    for (const DupLegReport& leg : pair.legs) {
      append(out, "  leg %s: %llu packets, %llu missing\n", endpoint_text(leg.key.destination, leg.key.port).c_str(),
             u(leg.packets), u(leg.missing));
    }
  }
  append(out, "\nnot RTP: ptp %llu, igmp %llu, arp %llu, other %llu\n", u(report.non_rtp.ptp), u(report.non_rtp.igmp),
         u(report.non_rtp.arp), u(report.non_rtp.other));
  for (const auto& [reason, count] : report.malformed) append(out, "malformed (%s): %llu\n", reason.c_str(), u(count));
  return out;
}

}  // namespace crosspoint::cap
