// What `analyze` found of PTP in a capture, per domain: every master with its Announce contents and the
// ST 2059-2 SM TLV, the BMCA-best master over time, message rates against the intervals announced, one-
// or two-step, Sync/Follow_Up and Delay_Req/Delay_Resp pairing, Management messages with their error
// statuses, ST 2059-2 profile checks, and the capture clock's offset from PTP time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plot_series.hpp"

namespace crosspoint::cap {

// One message type's cadence from one sender: measured against 2^logMessageInterval.
struct PtpRate {
  std::uint64_t messages = 0;
  bool announced = false;          // false when every message said 0x7F (no interval: unicast, Delay_Req)
  int announced_log_interval = 0;  // as the messages say (the last seen)
  double announced_interval_s = 0;
  double measured_interval_s = 0;  // mean gap between consecutive messages (0 with fewer than two)
  bool within_tolerance = true;    // measured within 30% of announced (IEEE 1588 7.7.2.1 allows +-30%)
};

struct SmTlvReport {
  std::string default_frame_rate;  // "30000/1001"
  std::string master_locking_status;  // "free_run", "cold_locking", "warm_locking", "locked", "not_in_use"
  std::int32_t current_local_offset_s = 0;
  std::int32_t jump_seconds = 0;
  std::uint8_t daylight_saving = 0;
  std::uint8_t leap_second_jump = 0;
  std::uint8_t time_address_flags = 0;
};

struct PtpMasterReport {
  std::string port_identity;         // the Announce / Sync sender, "001122.fffe.334455-1"
  std::string grandmaster_identity;  // what its Announce names
  std::uint8_t priority1 = 0;
  std::uint8_t priority2 = 0;
  std::uint8_t clock_class = 0;
  std::uint8_t clock_accuracy = 0;
  std::uint16_t offset_scaled_log_variance = 0;
  std::uint16_t steps_removed = 0;
  std::uint8_t time_source = 0;
  std::int16_t current_utc_offset = 0;
  bool utc_offset_valid = false;
  bool ptp_timescale = false;
  bool time_traceable = false;
  bool frequency_traceable = false;
  std::optional<bool> two_step;  // from its Sync messages; unset when it sent none
  std::optional<SmTlvReport> sm_tlv;
  PtpRate announce;
  PtpRate sync;
  PtpRate delay_resp;  // logMessageInterval of Delay_Resp is logMinDelayReqInterval
  std::uint64_t follow_ups = 0;
  std::uint64_t syncs_without_follow_up = 0;   // two-step Syncs no Follow_Up answered
  std::uint64_t follow_ups_without_sync = 0;
};

struct BestMasterChange {
  std::uint64_t capture_ns = 0;
  std::string port_identity;  // empty: no master left
  std::string grandmaster_identity;
};

struct PtpDomainReport {
  std::uint8_t domain = 0;
  std::map<std::string, std::uint64_t> messages;  // by type name
  std::vector<PtpMasterReport> masters;
  std::vector<BestMasterChange> best_master;  // the BMCA's choice each time it changed
  std::uint64_t delay_requests = 0;
  std::uint64_t delay_requests_unanswered = 0;
  std::uint64_t delay_responses_without_request = 0;
  std::map<std::string, std::uint64_t> management;         // "get default_data_set", ...
  std::map<std::string, std::uint64_t> management_errors;  // "no_such_id", ...
  std::vector<std::string> st2059_2_findings;  // profile checks that failed, each with its reason
};

struct CaptureClockOffset {
  std::uint64_t samples = 0;  // Sync (+ Follow_Up) pairs of the best master
  double offset_ns = 0;       // capture time minus PTP time of the Sync (median); path delay not removed
  double min_ns = 0;
  double max_ns = 0;
  std::string master;         // whose Syncs
};

struct PtpReport {
  std::uint64_t messages = 0;
  std::map<std::string, std::uint64_t> undecodable;  // by reason
  std::vector<PtpDomainReport> domains;
  std::optional<CaptureClockOffset> capture_clock;
  PlotSeries offset_series;    // capture minus PTP time of each Sync, ns
  std::map<std::string, PlotSeries> timeline;  // per message type: when they came (value 1)
};

}  // namespace crosspoint::cap
