#include "clock_data_sets.hpp"

#include "message.hpp"

namespace crosspoint::ptp {

ClockDataSets::ClockDataSets(const ClockConfig& config, const ClockIdentity& identity) {
  DefaultDataSet& d = sets_.default_ds;
  d.slave_only = config.slave_only;
  d.priority1 = config.priority1;
  d.priority2 = config.priority2;
  d.quality = config.quality;
  if (config.slave_only) d.quality.clock_class = 255;
  d.identity = identity;
  d.domain = config.domain;

  PortDataSet& p = sets_.port;
  p.identity = PortIdentity{identity, 1};
  p.log_min_delay_req_interval = config.log_min_delay_req_interval;
  p.log_announce_interval = config.log_announce_interval;
  p.announce_receipt_timeout = config.announce_receipt_timeout;
  p.log_sync_interval = config.log_sync_interval;

  own_time_properties_.current_utc_offset = config.current_utc_offset;
  // Only a grandmaster that tells its host's time knows the UTC offset is right.
  own_time_properties_.current_utc_offset_valid = config.grandmaster_follows_system_clock;
  own_time_properties_.ptp_timescale = true;
  own_time_properties_.time_source = static_cast<std::uint8_t>(TimeSource::kInternalOscillator);
}

bool ClockDataSets::following() const {
  return sets_.port.state == PortState::kSlave || sets_.port.state == PortState::kUncalibrated;
}

ComparisonDataSet ClockDataSets::local() const {
  const DefaultDataSet& d = sets_.default_ds;
  return ComparisonDataSet::local(d.priority1, d.identity, d.quality, d.priority2);
}

std::int64_t ClockDataSets::utc_offset_seconds() const {
  return sets_.time_properties.ptp_timescale ? sets_.time_properties.current_utc_offset : 0;
}

void ClockDataSets::become_grandmaster() {
  const DefaultDataSet& d = sets_.default_ds;
  sets_.current = CurrentDataSet{};
  sets_.parent = ParentDataSet{};
  sets_.parent.parent_port = PortIdentity{d.identity, 0};
  sets_.parent.grandmaster_identity = d.identity;
  sets_.parent.grandmaster_priority1 = d.priority1;
  sets_.parent.grandmaster_priority2 = d.priority2;
  sets_.parent.grandmaster_quality = d.quality;
  sets_.time_properties = own_time_properties_;
}

bool ClockDataSets::follow(const ForeignMaster& master) {
  const Announce& a = master.announce;
  const Header& h = master.header;
  sets_.current.steps_removed = static_cast<std::uint16_t>(a.steps_removed + 1);
  ParentDataSet& parent = sets_.parent;
  parent.parent_port = h.source;
  parent.grandmaster_identity = a.grandmaster_identity;
  parent.grandmaster_priority1 = a.grandmaster_priority1;
  parent.grandmaster_priority2 = a.grandmaster_priority2;
  parent.grandmaster_quality = a.grandmaster_quality;
  const TimePropertiesDataSet before = sets_.time_properties;
  TimePropertiesDataSet& tp = sets_.time_properties;
  tp.current_utc_offset = a.current_utc_offset;
  tp.leap61 = h.has(flags::kLeap61);
  tp.leap59 = h.has(flags::kLeap59);
  tp.current_utc_offset_valid = h.has(flags::kCurrentUtcOffsetValid);
  tp.ptp_timescale = h.has(flags::kPtpTimescale);
  tp.time_traceable = h.has(flags::kTimeTraceable);
  tp.frequency_traceable = h.has(flags::kFrequencyTraceable);
  tp.time_source = a.time_source;
  return !(before == tp);
}

void ClockDataSets::measured(Nanoseconds offset_ns, Nanoseconds mean_path_delay_ns) {
  sets_.current.offset_from_master_scaled = offset_ns * 65536;
  sets_.current.mean_path_delay_scaled = mean_path_delay_ns * 65536;
}

}  // namespace crosspoint::ptp
