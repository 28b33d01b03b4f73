// The ordinary clock's data sets (IEEE 1588-2008 8.2) and how the outcomes of the BMCA change them (9.3.5):
// M1/M2 make the clock its own grandmaster (table 13), S1 takes parent, grandmaster and time properties from the
// chosen master's Announce (table 16). Written by the clock's thread only.
#pragma once

#include <cstdint>

#include "bmc.hpp"
#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/data_sets.hpp"
#include "foreign_masters.hpp"

namespace crosspoint::ptp {

class ClockDataSets {
 public:
  // The default and port data sets from the configuration; the rest as at INITIALIZE.
  ClockDataSets(const ClockConfig& config, const ClockIdentity& identity);

  [[nodiscard]] const DataSets& get() const { return sets_; }
  [[nodiscard]] PortState state() const { return sets_.port.state; }
  // SLAVE or UNCALIBRATED: a master is chosen and its Sync messages count.
  [[nodiscard]] bool following() const;
  [[nodiscard]] bool is_parent(const PortIdentity& sender) const { return sender == sets_.parent.parent_port; }
  // D0: this clock as a candidate of the BMCA.
  [[nodiscard]] ComparisonDataSet local() const;
  // Seconds from the clock's time to UTC: the announced UTC offset on the PTP timescale, 0 on ARB.
  [[nodiscard]] std::int64_t utc_offset_seconds() const;

  void set_state(PortState state) { sets_.port.state = state; }
  // M1, M2: we are the grandmaster, announcing the configured UTC offset.
  void become_grandmaster();
  // S1, and every later Announce of the parent. Returns whether the time properties changed.
  bool follow(const ForeignMaster& master);
  // A slave's latest measurement (the current data set's offset and delay, TimeInterval scaled by 2^16).
  void measured(Nanoseconds offset_ns, Nanoseconds mean_path_delay_ns);

 private:
  DataSets sets_;
  TimePropertiesDataSet own_time_properties_;  // what we announce as grandmaster
};

}  // namespace crosspoint::ptp
