// PTP in a capture, message by message (decoded by the PTP stack's own decoder): who is master in each
// domain and what it announces, the BMCA's choice over time, cadences, pairing of two-step and delay
// messages, Management traffic, ST 2059-2 profile checks, and the capture clock's offset from PTP time
// read from the best master's Sync/Follow_Up timestamps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "crosspoint/st2110/bytes.hpp"
#include "ptp_report.hpp"
#include "plot_series.hpp"
#include "ptp_wire.hpp"

namespace crosspoint::cap {

class PtpAnalyzer {
 public:
  // `message`: a PTP message (UDP payload on 319/320, or Ethernet payload of EtherType 0x88F7).
  void add(std::uint64_t capture_ns, st2110::Bytes message);
  [[nodiscard]] PtpReport finish() const;
  [[nodiscard]] bool empty() const { return messages_ == 0; }

 private:
  struct RateTally {
    std::uint64_t messages = 0;
    std::uint64_t first_ns = 0;
    std::uint64_t last_ns = 0;
    int log_interval = 0;
    bool announced = false;  // some message carried a logMessageInterval other than 0x7F
    void add(std::uint64_t capture_ns, int log);
    [[nodiscard]] PtpRate report() const;
  };
  struct Master {
    std::optional<ptp::Announce> announce;
    ptp::Header announce_header;
    std::optional<bool> two_step;
    RateTally announce_rate, sync_rate, delay_resp_rate;
    std::uint64_t follow_ups = 0;
    std::uint64_t orphan_follow_ups = 0;
    std::map<std::uint16_t, std::uint64_t> pending_syncs;  // two-step Syncs by sequenceId: capture time
    std::uint64_t unanswered_syncs = 0;
  };
  struct Domain {
    std::map<std::string, std::uint64_t> messages;
    std::map<ptp::PortIdentity, Master> masters;
    std::vector<BestMasterChange> best;
    std::set<std::tuple<ptp::PortIdentity, std::uint16_t>> pending_delay_requests;
    std::uint64_t delay_requests = 0;
    std::uint64_t orphan_delay_responses = 0;
    std::map<std::string, std::uint64_t> management;
    std::map<std::string, std::uint64_t> management_errors;
    std::optional<ptp::ForeignMasters> foreign;
  };
  // A master's Sync offsets (capture time minus PTP time): all counted, at most kKeptOffsets kept for
  // the median, evenly spread (every stride-th), so a capture of any length takes the same memory.
  struct MasterOffsets {
    static constexpr std::size_t kKeptOffsets = std::size_t{1} << 16;
    std::uint64_t count = 0;
    double min_ns = 0;
    double max_ns = 0;
    std::uint64_t stride = 1;
    std::vector<double> kept;
    PlotSeriesBuilder points;
    void add(std::uint64_t capture_ns, double offset_ns);
  };

  void on_sync_time(std::uint64_t capture_ns, const ptp::Header& header, const PtpTime& origin);
  // The BMCA over the qualified foreign masters (src/ptp's ForeignMasters and data set comparison).
  void choose_best(Domain& domain, const ptp::Header& header, const ptp::Announce& announce, std::uint64_t capture_ns);

  std::map<std::uint8_t, Domain> domains_;
  std::map<std::string, std::uint64_t> undecodable_;
  std::map<ptp::PortIdentity, MasterOffsets> offsets_;
  std::uint64_t messages_ = 0;
  std::uint64_t first_ns_ = 0;
  std::map<std::string, PlotSeriesBuilder> timeline_;
};

}  // namespace crosspoint::cap
