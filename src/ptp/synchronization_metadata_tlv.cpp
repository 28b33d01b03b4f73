#include "synchronization_metadata_tlv.hpp"

namespace crosspoint::ptp {

bool is_synchronization_metadata(std::span<const std::uint8_t> tlv_value) {
  WireReader in(tlv_value);
  const auto organization = static_cast<std::uint32_t>(in.read_unsigned(3));
  const auto subtype = static_cast<std::uint32_t>(in.read_unsigned(3));
  return in.ok() && organization == kSmpteOrganizationId && subtype == kSynchronizationMetadataSubtype;
}

std::optional<SynchronizationMetadata> decode_synchronization_metadata(std::span<const std::uint8_t> tlv_value) {
  if (!is_synchronization_metadata(tlv_value) || tlv_value.size() < kSynchronizationMetadataLength) {
    return std::nullopt;
  }
  WireReader in(tlv_value);
  in.skip(6);
  SynchronizationMetadata m;
  m.frame_rate_numerator = in.u32();
  m.frame_rate_denominator = in.u32();
  m.master_locking_status = static_cast<MasterLockingStatus>(in.u8());
  m.time_address_flags = in.u8();
  m.current_local_offset = in.i32();
  m.jump_seconds = in.i32();
  m.time_of_next_jump = in.u48();
  m.time_of_next_jam = in.u48();
  m.time_of_previous_jam = in.u48();
  m.previous_jam_local_offset = in.i32();
  m.daylight_saving = in.u8();
  m.leap_second_jump = in.u8();
  if (!in.ok()) return std::nullopt;
  return m;
}

void encode_synchronization_metadata(const SynchronizationMetadata& m, WireWriter& out) {
  out.u16(kTlvTypeOrganizationExtension);
  out.u16(kSynchronizationMetadataLength);
  out.write_unsigned(kSmpteOrganizationId, 3);
  out.write_unsigned(kSynchronizationMetadataSubtype, 3);
  out.u32(m.frame_rate_numerator);
  out.u32(m.frame_rate_denominator);
  out.u8(static_cast<std::uint8_t>(m.master_locking_status));
  out.u8(m.time_address_flags);
  out.i32(m.current_local_offset);
  out.i32(m.jump_seconds);
  out.u48(m.time_of_next_jump);
  out.u48(m.time_of_next_jam);
  out.u48(m.time_of_previous_jam);
  out.i32(m.previous_jam_local_offset);
  out.u8(m.daylight_saving);
  out.u8(m.leap_second_jump);
}

}  // namespace crosspoint::ptp
