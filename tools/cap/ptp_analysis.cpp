#include "ptp_analysis.hpp"

#include <algorithm>
#include <cmath>

namespace crosspoint::cap {

using namespace crosspoint::ptp;

namespace {

// ST 2059-2:2021 section 6 ranges: domain 0..127, logAnnounceInterval -3..1, logSyncInterval -7..-1,
// logMinDelayReqInterval logSyncInterval..logSyncInterval+5.
constexpr int kSt2059MaxDomain = 127;
constexpr int kSt2059AnnounceLow = -3, kSt2059AnnounceHigh = 1;
constexpr int kSt2059SyncLow = -7, kSt2059SyncHigh = -1;

std::string action_name(ManagementAction action) {
  switch (action) {
    case ManagementAction::kGet: return "get";
    case ManagementAction::kSet: return "set";
    case ManagementAction::kResponse: return "response";
    case ManagementAction::kCommand: return "command";
    case ManagementAction::kAcknowledge: return "acknowledge";
  }
  return "action?";
}

std::string error_name(ManagementErrorId error) {
  switch (error) {
    case ManagementErrorId::kResponseTooBig: return "response_too_big";
    case ManagementErrorId::kNoSuchId: return "no_such_id";
    case ManagementErrorId::kWrongLength: return "wrong_length";
    case ManagementErrorId::kWrongValue: return "wrong_value";
    case ManagementErrorId::kNotSetable: return "not_setable";
    case ManagementErrorId::kNotSupported: return "not_supported";
    case ManagementErrorId::kGeneralError: return "general_error";
  }
  return "error_" + std::to_string(static_cast<unsigned>(error));
}

std::string locking_name(MasterLockingStatus status) {
  switch (status) {
    case MasterLockingStatus::kNotInUse: return "not_in_use";
    case MasterLockingStatus::kFreeRun: return "free_run";
    case MasterLockingStatus::kColdLocking: return "cold_locking";
    case MasterLockingStatus::kWarmLocking: return "warm_locking";
    case MasterLockingStatus::kLocked: return "locked";
  }
  return "unknown";
}

}  // namespace

void PtpAnalyzer::RateTally::add(std::uint64_t capture_ns, int log) {
  if (messages == 0) first_ns = capture_ns;
  last_ns = capture_ns;
  ++messages;
  if (log != kLogIntervalUnused) log_interval = log;
  announced = announced || log != kLogIntervalUnused;
}

PtpRate PtpAnalyzer::RateTally::report() const {
  PtpRate rate;
  rate.messages = messages;
  rate.announced_log_interval = log_interval;
  rate.announced = announced;
  rate.announced_interval_s = announced ? std::ldexp(1.0, log_interval) : 0;
  if (messages > 1) {
    rate.measured_interval_s = static_cast<double>(last_ns - first_ns) / 1e9 / static_cast<double>(messages - 1);
    rate.within_tolerance = !announced || std::fabs(rate.measured_interval_s / rate.announced_interval_s - 1) <= 0.3;
  }
  return rate;
}

void PtpAnalyzer::add(std::uint64_t capture_ns, st2110::Bytes bytes) {
  if (messages_++ == 0) first_ns_ = capture_ns;
  const auto decoded = decode_message(bytes);
  if (!decoded) {
    ++undecodable_[std::string(to_string(decoded.error()))];
    return;
  }
  const Header& header = decoded->header;
  Domain& domain = domains_[header.domain];
  ++domain.messages[std::string(to_string(header.type))];
  timeline_[std::string(to_string(header.type))].add(capture_ns, 1);
  const int log = header.log_message_interval;
  std::visit(
      [&](const auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, Announce>) {
          Master& master = domain.masters[header.source];
          master.announce = body;
          master.announce_header = header;
          master.announce_rate.add(capture_ns, log);
          choose_best(domain, header, body, capture_ns);
        } else if constexpr (std::is_same_v<Body, Sync>) {
          Master& master = domain.masters[header.source];
          master.sync_rate.add(capture_ns, log);
          const bool two_step = header.has(flags::kTwoStep);
          master.two_step = two_step;
          if (two_step) {
            if (master.pending_syncs.count(header.sequence_id) != 0) ++master.unanswered_syncs;
            master.pending_syncs[header.sequence_id] = capture_ns;
          } else {
            on_sync_time(capture_ns, header, body.origin);
          }
        } else if constexpr (std::is_same_v<Body, FollowUp>) {
          Master& master = domain.masters[header.source];
          ++master.follow_ups;
          const auto sync = master.pending_syncs.find(header.sequence_id);
          if (sync == master.pending_syncs.end()) {
            ++master.orphan_follow_ups;
          } else {
            on_sync_time(sync->second, header, body.precise_origin);
            master.pending_syncs.erase(sync);
          }
        } else if constexpr (std::is_same_v<Body, DelayReq>) {
          ++domain.delay_requests;
          domain.pending_delay_requests.insert({header.source, header.sequence_id});
        } else if constexpr (std::is_same_v<Body, DelayResp>) {
          domain.masters[header.source].delay_resp_rate.add(capture_ns, log);
          if (domain.pending_delay_requests.erase({body.requesting, header.sequence_id}) == 0) {
            ++domain.orphan_delay_responses;
          }
        } else if constexpr (std::is_same_v<Body, Management>) {
          ++domain.management[action_name(body.action) + " " + std::string(to_string(body.id))];
          if (body.error) ++domain.management_errors[error_name(*body.error)];
        }
      },
      decoded->body);
}

void PtpAnalyzer::on_sync_time(std::uint64_t capture_ns, const Header& header, const PtpTime& origin) {
  // The Sync left the master at origin + correction (PTP time); the capture saw it at capture_ns.
  const auto whole = static_cast<std::int64_t>(capture_ns - origin.to_nanos());
  offsets_[header.source].add(capture_ns, static_cast<double>(whole) - static_cast<double>(header.correction) / 65536.0);
}

void PtpAnalyzer::MasterOffsets::add(std::uint64_t capture_ns, double offset_ns) {
  min_ns = count == 0 ? offset_ns : std::min(min_ns, offset_ns);
  max_ns = count == 0 ? offset_ns : std::max(max_ns, offset_ns);
  points.add(capture_ns, offset_ns);
  if (count++ % stride != 0) return;
  kept.push_back(offset_ns);
  if (kept.size() < kKeptOffsets) return;
  // Full: keep every other sample, and from now on every other one of those to come.
  for (std::size_t i = 0; i < kept.size() / 2; ++i) kept[i] = kept[2 * i];
  kept.resize(kept.size() / 2);
  stride *= 2;
}

void PtpAnalyzer::choose_best(Domain& domain, const Header& header, const Announce& announce,
                              std::uint64_t capture_ns) {
  const auto now = static_cast<Nanoseconds>(capture_ns);
  if (!domain.foreign) {
    // The capture listens as a port of no identity, with the first Announce's interval as its own.
    const int log = header.log_message_interval == kLogIntervalUnused ? 1 : header.log_message_interval;
    domain.foreign.emplace(PortIdentity{}, static_cast<Nanoseconds>(std::ldexp(1.0, log) * 1e9));
  }
  domain.foreign->observe(header, announce, now);
  const auto best = domain.foreign->best(now);
  const std::string port = best ? best->header.source.to_string() : std::string();
  if (!domain.best.empty() && domain.best.back().port_identity == port) return;
  if (domain.best.empty() && port.empty()) return;  // not yet qualified: two Announces are needed
  domain.best.push_back(
      BestMasterChange{capture_ns, port, best ? best->announce.grandmaster_identity.to_string() : std::string()});
}

PtpReport PtpAnalyzer::finish() const {
  PtpReport report;
  report.messages = messages_;
  report.undecodable = undecodable_;
  for (const auto& [number, domain] : domains_) {
    PtpDomainReport out;
    out.domain = number;
    out.messages = domain.messages;
    out.best_master = domain.best;
    out.delay_requests = domain.delay_requests;
    out.delay_requests_unanswered = domain.pending_delay_requests.size();
    out.delay_responses_without_request = domain.orphan_delay_responses;
    out.management = domain.management;
    out.management_errors = domain.management_errors;
    std::vector<std::string>& findings = out.st2059_2_findings;
    if (number > kSt2059MaxDomain) findings.push_back("domain " + std::to_string(number) + " is outside 0..127");
    for (const auto& [port, master] : domain.masters) {
      if (master.announce_rate.messages == 0 && master.sync_rate.messages == 0 && master.delay_resp_rate.messages == 0) {
        continue;  // only ever named as a sender of Follow_Ups without Syncs
      }
      PtpMasterReport m;
      m.port_identity = port.to_string();
      m.two_step = master.two_step;
      m.announce = master.announce_rate.report();
      m.sync = master.sync_rate.report();
      m.delay_resp = master.delay_resp_rate.report();
      m.follow_ups = master.follow_ups;
      m.follow_ups_without_sync = master.orphan_follow_ups;
      m.syncs_without_follow_up = master.unanswered_syncs + master.pending_syncs.size();
      const std::string who = "master " + m.port_identity + ": ";
      if (master.announce) {
        const Announce& a = *master.announce;
        const Header& h = master.announce_header;
        m.grandmaster_identity = a.grandmaster_identity.to_string();
        m.priority1 = a.grandmaster_priority1;
        m.priority2 = a.grandmaster_priority2;
        m.clock_class = a.grandmaster_quality.clock_class;
        m.clock_accuracy = a.grandmaster_quality.clock_accuracy;
        m.offset_scaled_log_variance = a.grandmaster_quality.offset_scaled_log_variance;
        m.steps_removed = a.steps_removed;
        m.time_source = a.time_source;
        m.current_utc_offset = a.current_utc_offset;
        m.utc_offset_valid = h.has(flags::kCurrentUtcOffsetValid);
        m.ptp_timescale = h.has(flags::kPtpTimescale);
        m.time_traceable = h.has(flags::kTimeTraceable);
        m.frequency_traceable = h.has(flags::kFrequencyTraceable);
        if (a.synchronization_metadata) {
          const SynchronizationMetadata& sm = *a.synchronization_metadata;
          m.sm_tlv = SmTlvReport{std::to_string(sm.frame_rate_numerator) + "/" + std::to_string(sm.frame_rate_denominator),
                                 locking_name(sm.master_locking_status),
                                 sm.current_local_offset,
                                 sm.jump_seconds,
                                 sm.daylight_saving,
                                 sm.leap_second_jump,
                                 sm.time_address_flags};
        } else {
          findings.push_back(who + "Announce carries no ST 2059-2 SM TLV");
        }
        if (m.announce.announced && m.announce.announced_log_interval < kSt2059AnnounceLow || m.announce.announced_log_interval > kSt2059AnnounceHigh) {
          findings.push_back(who + "logAnnounceInterval " + std::to_string(m.announce.announced_log_interval) +
                             " is outside -3..1");
        }
      }
      if (master.sync_rate.messages > 0 && m.sync.announced &&
          (m.sync.announced_log_interval < kSt2059SyncLow || m.sync.announced_log_interval > kSt2059SyncHigh)) {
        findings.push_back(who + "logSyncInterval " + std::to_string(m.sync.announced_log_interval) +
                           " is outside -7..-1");
      }
      if (m.delay_resp.announced && m.sync.announced &&
          (m.delay_resp.announced_log_interval < m.sync.announced_log_interval ||
           m.delay_resp.announced_log_interval > m.sync.announced_log_interval + 5)) {
        findings.push_back(who + "logMinDelayReqInterval " + std::to_string(m.delay_resp.announced_log_interval) +
                           " is outside logSyncInterval..logSyncInterval+5");
      }
      for (const auto* rate : {&m.announce, &m.sync}) {
        if (!rate->within_tolerance) {
          findings.push_back(who + (rate == &m.announce ? "Announce" : "Sync") + " every " +
                             std::to_string(rate->measured_interval_s) + " s, announced " +
                             std::to_string(rate->announced_interval_s) + " s (more than 30% off)");
        }
      }
      out.masters.push_back(std::move(m));
    }
    report.domains.push_back(std::move(out));
  }
  // The capture clock against the best master's Syncs (the last best of the domain with most offsets).
  const MasterOffsets* chosen = nullptr;
  PortIdentity chosen_port;
  for (const auto& [number, domain] : domains_) {
    if (domain.best.empty() || domain.best.back().port_identity.empty()) continue;
    for (const auto& [port, samples] : offsets_) {
      if (port.to_string() == domain.best.back().port_identity && (chosen == nullptr || samples.count > chosen->count)) {
        chosen = &samples;
        chosen_port = port;
      }
    }
  }
  // Without an Announce in view, the sender of most Syncs.
  for (const auto& [port, samples] : offsets_) {
    if (chosen == nullptr || (samples.count > chosen->count && chosen->count < 2)) {
      chosen = &samples;
      chosen_port = port;
    }
  }
  for (const auto& [type, points] : timeline_) report.timeline[type] = points.build(first_ns_, 600);
  if (chosen != nullptr && chosen->count > 0) {
    report.offset_series = chosen->points.build(first_ns_);
    std::vector<double> sorted = chosen->kept;
    std::sort(sorted.begin(), sorted.end());
    CaptureClockOffset offset;
    offset.samples = chosen->count;
    offset.offset_ns = sorted[sorted.size() / 2];
    offset.min_ns = chosen->min_ns;
    offset.max_ns = chosen->max_ns;
    offset.master = chosen_port.to_string();
    report.capture_clock = offset;
  }
  return report;
}

}  // namespace crosspoint::cap
