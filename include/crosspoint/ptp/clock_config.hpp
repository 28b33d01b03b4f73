// How the daemon configures the PTP clock: the SMPTE ST 2059-2 profile's defaults, checked against the
// profile's permitted ranges at start-up. The daemon parses its JSON into this struct; no JSON here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/ptp/identity.hpp"
#include "crosspoint/ptp/synchronization_metadata.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

enum class TimestampingMode : std::uint8_t {
  kAuto,      // hardware where the interface offers it, software otherwise
  kSoftware,
  kHardware,  // fail at start-up when the interface has none
};

// What the servo adjusts besides the process clock model. Adjusting a host clock is an explicit choice.
enum class HostClockAdjustment : std::uint8_t {
  kNone,         // only the ClockModel (the default: the host's clocks belong to the host)
  kSystemClock,  // CLOCK_REALTIME follows the master too (clock_adjtime)
};

// The PI servo's gains and limits (the default servo; another can be given to Clock::create).
struct PiServoConfig {
  double proportional_gain = 0.2;  // fraction of the offset corrected in one sync interval
  double integral_gain = 0.02;     // fraction of the offset folded into the frequency each interval
  Nanoseconds first_step_threshold_ns = 20'000;  // step at the start when further off than this
  Nanoseconds step_threshold_ns = 1'000'000;     // later: step (after a fresh estimate) beyond this; 0 never
  double max_frequency_ppb = 500'000.0;
  std::size_t estimation_samples = 8;  // samples for the initial frequency estimate (2..16)
};

// When a slave may say "locked": after samples_to_lock offsets in a row within the lock threshold.
struct LockConfig {
  Nanoseconds lock_threshold_ns = 2'000;     // software timestamps jitter by about a microsecond
  Nanoseconds unlock_threshold_ns = 50'000;
  std::size_t samples_to_lock = 4;
};

// Which offsets of a locked slave are single delayed packets, kept away from the servo.
struct OutlierConfig {
  double factor = 4.0;                 // outlier: beyond factor x the median of recent |offsets|
  Nanoseconds floor_ns = 1'000;        // never reject within this
  std::size_t max_consecutive = 3;     // after this many in a row, accept
};

struct ClockConfig {
  std::string interface;  // the network interface PTP runs on, e.g. "eth0"

  // ST 2059-2 profile attributes (defaults of the 2015 edition).
  std::uint8_t domain = 127;
  std::int8_t log_announce_interval = -2;
  std::int8_t log_sync_interval = -3;
  std::int8_t log_min_delay_req_interval = -3;
  std::uint8_t announce_receipt_timeout = 3;
  std::uint8_t priority1 = 128;
  std::uint8_t priority2 = 128;
  bool slave_only = false;

  // What this clock says of itself as a grandmaster (7.6.2): 248 = default, not traceable.
  ClockQuality quality{248, 0xFE, 0xFFFF};
  std::optional<ClockIdentity> identity;  // default: EUI-64 from the interface's MAC address

  // Announced in the SM TLV as the system's frame rate.
  SynchronizationMetadata synchronization_metadata;

  // As grandmaster, follow the host's CLOCK_REALTIME (UTC + currentUtcOffset = TAI) in rate and phase, so
  // a free-running crosspoint tells the same time as its host; false: free run on the raw oscillator.
  bool grandmaster_follows_system_clock = true;
  std::int16_t current_utc_offset = 37;  // TAI - UTC, announced as grandmaster

  TimestampingMode timestamping = TimestampingMode::kAuto;
  HostClockAdjustment host_clock = HostClockAdjustment::kNone;
  PiServoConfig servo;
  LockConfig lock;
  OutlierConfig outliers;  // applied to a slave's offsets once locked
  std::uint8_t dscp_event = 46;   // ST 2059-2 recommends EF for event messages
  std::uint8_t dscp_general = 0;
  std::size_t history_length = 600;  // samples kept for plotting
};

// Every out-of-range value, each as one readable sentence ("logSyncInterval -8 is outside the ST 2059-2
// range -7..-1"); empty when the configuration is usable.
[[nodiscard]] std::vector<std::string> validate(const ClockConfig& config);

}  // namespace crosspoint::ptp
