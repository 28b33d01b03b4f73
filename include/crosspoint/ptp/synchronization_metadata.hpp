// The SMPTE ST 2059-2 synchronization metadata a grandmaster announces (the SM TLV of its Announce messages):
// the system frame rate, time address flags, local offset and the jumps and jams ahead. Its wire form is
// src/ptp/synchronization_metadata_tlv.hpp.
#pragma once

#include <cstdint>

namespace crosspoint::ptp {

// How the grandmaster's time relates to its reference (ST 2059-2 masterLockingStatus).
enum class MasterLockingStatus : std::uint8_t { kNotInUse = 0, kFreeRun = 1, kColdLocking = 2, kWarmLocking = 3, kLocked = 4 };

struct SynchronizationMetadata {
  std::uint32_t frame_rate_numerator = 30000;  // defaultSystemFrameRate
  std::uint32_t frame_rate_denominator = 1001;
  MasterLockingStatus master_locking_status = MasterLockingStatus::kFreeRun;
  std::uint8_t time_address_flags = 0;  // bit 0 drop frame, bit 1 colour frame identification
  std::int32_t current_local_offset = 0;  // seconds from PTP (TAI) to local time
  std::int32_t jump_seconds = 0;
  std::uint64_t time_of_next_jump = 0;  // 48 bits, PTP seconds
  std::uint64_t time_of_next_jam = 0;
  std::uint64_t time_of_previous_jam = 0;
  std::int32_t previous_jam_local_offset = 0;
  std::uint8_t daylight_saving = 0;
  std::uint8_t leap_second_jump = 0;

  friend bool operator==(const SynchronizationMetadata&, const SynchronizationMetadata&) = default;
};

}  // namespace crosspoint::ptp
