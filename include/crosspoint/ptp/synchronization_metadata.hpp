// The SMPTE ST 2059-2 synchronization metadata (SM) TLV a grandmaster appends to its Announce messages:
// an organization-extension TLV (type 0x0003, organization 68-97-E8, subtype 00-00-01, 48 octets of value).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "crosspoint/ptp/wire_cursor.hpp"

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

constexpr std::uint16_t kTlvTypeOrganizationExtension = 0x0003;
constexpr std::uint16_t kSynchronizationMetadataLength = 48;  // the TLV's lengthField
constexpr std::uint32_t kSmpteOrganizationId = 0x6897E8;
constexpr std::uint32_t kSynchronizationMetadataSubtype = 0x000001;

// Whether an organization-extension TLV value (after type and length) is the SMPTE SM TLV.
[[nodiscard]] bool is_synchronization_metadata(std::span<const std::uint8_t> tlv_value);
// Decodes the 48-octet value; nullopt when it is not the SM TLV or is too short.
[[nodiscard]] std::optional<SynchronizationMetadata> decode_synchronization_metadata(
    std::span<const std::uint8_t> tlv_value);
// Writes the whole TLV (type, length, value: 52 octets).
void encode_synchronization_metadata(const SynchronizationMetadata& metadata, WireWriter& out);

}  // namespace crosspoint::ptp
