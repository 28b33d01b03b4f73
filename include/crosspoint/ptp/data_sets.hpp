// The data sets of an ordinary clock (IEEE 1588-2008 8.2): what the BMCA reads and writes, what management
// GETs return and what the control plane shows.
#pragma once

#include <cstdint>

#include "crosspoint/ptp/identity.hpp"
#include "crosspoint/ptp/port_state.hpp"

namespace crosspoint::ptp {

struct DefaultDataSet {
  bool two_step = true;
  bool slave_only = false;
  std::uint16_t number_ports = 1;
  std::uint8_t priority1 = 128;
  ClockQuality quality;
  std::uint8_t priority2 = 128;
  ClockIdentity identity;
  std::uint8_t domain = 127;

  friend bool operator==(const DefaultDataSet&, const DefaultDataSet&) = default;
};

struct CurrentDataSet {
  std::uint16_t steps_removed = 0;
  std::int64_t offset_from_master_scaled = 0;  // TimeInterval: nanoseconds x 2^16
  std::int64_t mean_path_delay_scaled = 0;

  friend bool operator==(const CurrentDataSet&, const CurrentDataSet&) = default;
};

struct ParentDataSet {
  PortIdentity parent_port;
  bool parent_stats = false;
  std::uint16_t observed_parent_offset_scaled_log_variance = 0xFFFF;
  std::int32_t observed_parent_clock_phase_change_rate = 0x7FFFFFFF;
  std::uint8_t grandmaster_priority1 = 128;
  ClockQuality grandmaster_quality;
  std::uint8_t grandmaster_priority2 = 128;
  ClockIdentity grandmaster_identity;

  friend bool operator==(const ParentDataSet&, const ParentDataSet&) = default;
};

struct TimePropertiesDataSet {
  std::int16_t current_utc_offset = 37;
  bool leap61 = false;
  bool leap59 = false;
  bool current_utc_offset_valid = false;
  bool ptp_timescale = true;
  bool time_traceable = false;
  bool frequency_traceable = false;
  std::uint8_t time_source = 0xA0;  // internal oscillator

  friend bool operator==(const TimePropertiesDataSet&, const TimePropertiesDataSet&) = default;
};

enum class DelayMechanism : std::uint8_t { kEndToEnd = 1, kPeerToPeer = 2, kDisabled = 0xFE };

struct PortDataSet {
  PortIdentity identity;
  PortState state = PortState::kInitializing;
  std::int8_t log_min_delay_req_interval = -3;
  std::int64_t peer_mean_path_delay_scaled = 0;
  std::int8_t log_announce_interval = -2;
  std::uint8_t announce_receipt_timeout = 3;
  std::int8_t log_sync_interval = -3;
  DelayMechanism delay_mechanism = DelayMechanism::kEndToEnd;
  std::int8_t log_min_pdelay_req_interval = 0;
  std::uint8_t version = 2;

  friend bool operator==(const PortDataSet&, const PortDataSet&) = default;
};

// The five together: what an ordinary clock keeps and a management GET reads.
struct DataSets {
  DefaultDataSet default_ds;
  CurrentDataSet current;
  ParentDataSet parent;
  TimePropertiesDataSet time_properties;
  PortDataSet port;

  friend bool operator==(const DataSets&, const DataSets&) = default;
};

}  // namespace crosspoint::ptp
