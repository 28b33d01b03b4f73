#include "verdict.hpp"

#include <cstdio>
#include <set>

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

// What a profile asks. `video_class`: the loosest ST 2110-21 class that passes; nullopt: as the SDP's TP
// declares (narrow without an SDP, as LIST assumes).
struct Limits {
  std::string name;
  std::string summary;
  std::optional<ComplianceClass> video_class;
  bool media = true;  // the flow checks below
  bool ptp = false;
};

const std::vector<Limits>& profiles() {
  static const std::vector<Limits> all = {
      {"jt-nm-tested",
       "as EBU LIST for JT-NM Tested: ST 2110-21 class as the SDP declares (narrow without one), RTP offset "
       "-1..TRO+1 ticks, no sequence or payload errors, audio TS-DF within 17 packet times, ST 2022-7 nothing "
       "lost on both legs, consistent DSCP/TTL, and ST 2059-2 when the capture holds PTP",
       std::nullopt, true, true},
      {"narrow", "every check of jt-nm-tested with every video held to ST 2110-21 narrow gapped (TPN)",
       ComplianceClass::kNarrow, true, false},
      {"narrow-linear", "every check of jt-nm-tested with video held to narrow linear (TPNL) or better",
       ComplianceClass::kNarrowLinear, true, false},
      {"wide", "every check of jt-nm-tested with video held to wide (TPW) or better", ComplianceClass::kWide, true,
       false},
      {"st2059-2", "PTP only: the ST 2059-2 profile (domain, intervals, SM TLV), rates within 30% of the announced "
                   "intervals, every two-step Sync followed up",
       std::nullopt, false, true},
  };
  return all;
}

const Limits* find_profile(const std::string& name) {
  for (const Limits& limits : profiles()) {
    if (limits.name == name) return &limits;
  }
  return nullptr;
}

ComplianceClass declared_class(const FlowReport& flow, const std::optional<SessionDescription>& sdp) {
  if (sdp) {
    for (const SdpMediaLeg& leg : sdp->legs) {
      const auto* video = std::get_if<VideoFormat>(&leg.format);
      if (video == nullptr || leg.connection.address != flow.key.destination || leg.port != flow.key.port) continue;
      switch (video->sender_type) {
        case SenderType::kNarrow: return ComplianceClass::kNarrow;
        case SenderType::kNarrowLinear: return ComplianceClass::kNarrowLinear;
        case SenderType::kWide: return ComplianceClass::kWide;
      }
    }
  }
  return ComplianceClass::kNarrow;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// `leg_of_pair`: an ST 2022-7 leg, whose losses are the pair's to judge (lost on both legs).
Verdict judge_flow(const FlowReport& flow, const Limits& limits, const std::optional<SessionDescription>& sdp,
                   bool leg_of_pair) {
  Verdict verdict;
  if (flow.media == DetectedMedia::kUnknown) verdict.fail("payload is no ST 2110 format");
  if (flow.sequence.errors() > 0 && !leg_of_pair) {
    verdict.fail(std::to_string(flow.sequence.errors()) + " sequence errors (" + std::to_string(flow.sequence.missing) +
                 " packets missing)");
  }
  if (flow.payload_errors > 0) verdict.fail(std::to_string(flow.payload_errors) + " payloads did not parse");
  if (!flow.sdp_disagreements.empty()) {
    verdict.fail(std::to_string(flow.sdp_disagreements.size()) + " disagreements with the SDP");
  }
  if (!flow.network.dscp_consistent) verdict.fail("DSCP changes within the flow");
  if (!flow.network.ttl_consistent) verdict.fail("TTL changes within the flow");
  if (flow.video && flow.video->timing) {
    const St2110_21Report& t = *flow.video->timing;
    const ComplianceClass required = limits.video_class.value_or(declared_class(flow, sdp));
    if (t.compliance > required) {
      verdict.fail(std::string("ST 2110-21 class ") + to_string(t.compliance) + ", required " + to_string(required) +
                   " (Cmax " + std::to_string(t.cinst_max) + " vs narrow " + std::to_string(t.cmax_narrow) +
                   ", wide " + std::to_string(t.cmax_wide) + "; VRX " + std::to_string(t.vrx_max) + " vs narrow " +
                   std::to_string(t.vrx_full_narrow) + ")");
    }
    if (!t.rtp_offset_within_limit) {
      verdict.fail("RTP offset " + std::to_string(t.rtp_vs_epoch_ticks_min) + ".." + std::to_string(t.rtp_vs_epoch_ticks_max) +
                   " ticks outside -1.." + std::to_string(t.rtp_offset_limit_ticks));
    }
  } else if (flow.video) {
    verdict.fail("no complete frame to measure ST 2110-21 on");
  }
  if (flow.audio && !flow.audio->ts_df_within_limit) {
    verdict.fail("TS-DF " + number(flow.audio->ts_df_us) + " us over the limit of " + number(flow.audio->ts_df_limit_us) +
                 " us");
  }
  if (flow.anc && !flow.anc->errors.empty()) {
    std::uint64_t errors = 0;
    for (const auto& [reason, count] : flow.anc->errors) errors += count;
    verdict.fail(std::to_string(errors) + " ANC packet errors");
  }
  if (flow.compressed && flow.compressed->counter_errors > 0) {
    verdict.fail(std::to_string(flow.compressed->counter_errors) + " RFC 9134 counter errors");
  }
  return verdict;
}

Verdict judge_ptp(const PtpReport& ptp) {
  Verdict verdict;
  for (const auto& [reason, count] : ptp.undecodable) verdict.fail(std::to_string(count) + " PTP messages undecodable (" + reason + ")");
  for (const PtpDomainReport& domain : ptp.domains) {
    const std::string where = "domain " + std::to_string(domain.domain) + ": ";
    for (const std::string& finding : domain.st2059_2_findings) verdict.fail(where + finding);
    for (const PtpMasterReport& master : domain.masters) {
      if (master.syncs_without_follow_up > 0) {
        verdict.fail(where + "master " + master.port_identity + ": " + std::to_string(master.syncs_without_follow_up) +
                     " two-step Syncs without Follow_Up");
      }
    }
  }
  return verdict;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> profile_list() {
  std::vector<std::pair<std::string, std::string>> list;
  for (const Limits& limits : profiles()) list.emplace_back(limits.name, limits.summary);
  return list;
}

bool is_profile(const std::string& name) { return find_profile(name) != nullptr; }

ProfileVerdicts judge(const CaptureReport& report, const std::string& profile,
                      const std::optional<SessionDescription>& sdp) {
  ProfileVerdicts out;
  out.profile = profile;
  const Limits* limits = find_profile(profile);
  if (limits == nullptr) {
    out.capture.fail("no profile named " + profile);
    return out;
  }
  if (!report.capture_error.empty()) out.capture.fail("the capture could not be read whole: " + report.capture_error);
  if (limits->media) {
    std::set<FlowKey> legs;
    for (const DupPairReport& pair : report.dup_pairs) {
      for (const DupLegReport& leg : pair.legs) legs.insert(leg.key);
    }
    for (const FlowReport& flow : report.flows) {
      out.flows.push_back(judge_flow(flow, *limits, sdp, legs.count(flow.key) != 0));
      if (!out.flows.back().pass) {
        out.capture.fail("flow " + endpoint_text(flow.key.destination, flow.key.port) + " fails");
      }
    }
    for (const DupPairReport& pair : report.dup_pairs) {
      Verdict verdict;
      if (pair.lost_on_both > 0) verdict.fail(std::to_string(pair.lost_on_both) + " packets lost on both legs");
      out.dup_pairs.push_back(verdict);
      if (!verdict.pass) out.capture.fail("ST 2022-7 pair fails");
    }
    for (const std::string& line : report.sdp_disagreements) out.capture.fail(line);
  }
  if (limits->ptp && report.ptp) {
    out.ptp = judge_ptp(*report.ptp);
    if (!out.ptp->pass) out.capture.fail("PTP fails");
  } else if (limits->ptp && !limits->media) {
    out.capture.fail("the capture holds no PTP");
  }
  return out;
}

}  // namespace crosspoint::cap
