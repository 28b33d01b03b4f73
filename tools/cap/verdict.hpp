// `analyze --profile NAME`: named sets of limits applied to an analysis, giving every flow, every ST 2022-7
// pair, PTP and the capture a pass or fail with the reasons. The profiles follow EBU LIST's "JT-NM Tested"
// checks (ST 2110-21 class as the SDP declares it, RTP offset, TS-DF, 2022-7 lost on both) and ST 2059-2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::cap {

struct Verdict {
  bool pass = true;
  std::vector<std::string> reasons;  // why it failed; empty on a pass
  void fail(std::string reason) {
    pass = false;
    reasons.push_back(std::move(reason));
  }
};

struct ProfileVerdicts {
  std::string profile;
  std::vector<Verdict> flows;      // one per report.flows, same order
  std::vector<Verdict> dup_pairs;  // one per report.dup_pairs
  std::optional<Verdict> ptp;      // when the profile checks PTP and the capture holds it
  Verdict capture;                 // fails when anything above fails (or the capture could not be read whole)
};

// The profile names `--profile` accepts, with a line each on what they check.
std::vector<std::pair<std::string, std::string>> profile_list();
bool is_profile(const std::string& name);

ProfileVerdicts judge(const CaptureReport& report, const std::string& profile,
                      const std::optional<st2110::SessionDescription>& sdp);

}  // namespace crosspoint::cap
