// The SMPTE ST 2059-2 synchronization metadata (SM) TLV a grandmaster appends to its Announce messages:
// an organization-extension TLV (type 0x0003, organization 68-97-E8, subtype 00-00-01, 48 octets of value).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "crosspoint/ptp/synchronization_metadata.hpp"
#include "wire_cursor.hpp"

namespace crosspoint::ptp {

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
