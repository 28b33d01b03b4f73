// What the control plane reads of the PTP clock: port state, grandmaster and parent, steps removed, offset,
// mean path delay, frequency, lock, and a short history of samples for plotting.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crosspoint/ptp/data_sets.hpp"
#include "crosspoint/ptp/servo.hpp"
#include "crosspoint/ptp/synchronization_metadata.hpp"
#include "crosspoint/ptp/transport.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

struct ClockSample {
  Nanoseconds local_time_ns = 0;  // CLOCK_MONOTONIC_RAW of the measurement
  PtpTime ptp_time;               // what the clock read then
  Nanoseconds offset_ns = 0;      // from the master (or, as grandmaster, from the system clock)
  Nanoseconds mean_path_delay_ns = 0;
  double frequency_ppb = 0;
  ServoState servo = ServoState::kUnlocked;
  bool locked = false;
};

struct ClockStatus {
  PortState port_state = PortState::kInitializing;
  ClockIdentity clock_identity;
  ClockIdentity grandmaster_identity;
  PortIdentity parent;
  std::uint16_t steps_removed = 0;
  Nanoseconds offset_from_master_ns = 0;
  Nanoseconds mean_path_delay_ns = 0;
  double frequency_ppb = 0;
  bool locked = false;
  // The clock was locked and its master fell silent (announce receipt timeout): the time base runs on the rate
  // the servo found (its mean frequency over the last locked seconds), adjusted by nobody, until a master's first sample steers it again (then `locked` follows as
  // usual) or the clock becomes the grandmaster.
  bool holdover = false;
  std::uint64_t holdovers = 0;  // times holdover began
  Timescale timescale = Timescale::kPtp;
  TimestampKind timestamping = TimestampKind::kSoftware;
  ParentDataSet parent_data_set;
  TimePropertiesDataSet time_properties;
  // What the grandmaster's Announce says in its ST 2059-2 SM TLV (ours when we are the grandmaster).
  std::optional<SynchronizationMetadata> grandmaster_metadata;
  std::uint64_t port_state_changes = 0;
  std::uint64_t messages_dropped = 0;
  std::vector<ClockSample> history;  // oldest first
};

}  // namespace crosspoint::ptp
