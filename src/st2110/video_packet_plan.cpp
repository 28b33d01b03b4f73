#include "crosspoint/st2110/video_packet_plan.hpp"

#include <algorithm>

namespace crosspoint::st2110 {

namespace {

std::uint32_t ceil_div(std::uint64_t a, std::uint64_t b) { return static_cast<std::uint32_t>((a + b - 1) / b); }

}  // namespace

VideoPacketPlan::VideoPacketPlan(const VideoGeometry& geometry, PackingMode packing, std::uint32_t data_bytes)
    : geometry_(geometry),
      packing_(packing),
      data_bytes_(data_bytes),
      packets_per_row_(packing == PackingMode::kGeneral ? ceil_div(geometry.row_bytes(), data_bytes) : 0) {}

Expected<VideoPacketPlan, std::string> VideoPacketPlan::create(const VideoGeometry& geometry, PackingMode packing,
                                                               std::uint32_t max_data_bytes) {
  const std::uint32_t pgroup_bytes = geometry.pgroup.bytes;
  if (pgroup_bytes == 0 || geometry.row_bytes() == 0) return Unexpected{std::string("empty geometry")};
  if (packing == PackingMode::kGeneral) {
    // An SRD length has 16 bits.
    const std::uint32_t data_bytes = std::min<std::uint32_t>(max_data_bytes, 0xffff) / pgroup_bytes * pgroup_bytes;
    if (data_bytes == 0) return Unexpected{"payload of " + std::to_string(max_data_bytes) + " octets holds no pgroup"};
    return VideoPacketPlan(geometry, packing, data_bytes);
  }
  if (kBpmBlockBytes % pgroup_bytes != 0) {
    return Unexpected{"block packing needs pgroups that divide 180 octets; these have " +
                      std::to_string(pgroup_bytes)};
  }
  const std::uint32_t data_bytes = std::min(max_data_bytes, kBpmMaxDataBytes) / kBpmBlockBytes * kBpmBlockBytes;
  if (data_bytes == 0) return Unexpected{std::string("block packing needs room for one 180-octet block")};
  // A packet touches at most ceil(data / row) + 1 rows; each needs an SRD.
  if (ceil_div(data_bytes, geometry.row_bytes()) + 1 > kMaxSampleRows) {
    return Unexpected{std::string("rows too short for block packing: a packet would need too many SRDs")};
  }
  return VideoPacketPlan(geometry, packing, data_bytes);
}

Expected<VideoPacketPlan, std::string> VideoPacketPlan::create(const VideoFormat& format) {
  auto geometry = video_geometry(format);
  if (!geometry) return Unexpected{geometry.error()};
  std::uint32_t data_bytes = format.packing == PackingMode::kGeneral ? kDefaultGpmDataBytes : kBpmMaxDataBytes;
  return create(*geometry, format.packing, data_bytes);
}

std::uint32_t VideoPacketPlan::packets_in_field(std::uint32_t field) const {
  if (packing_ == PackingMode::kGeneral) return geometry_.rows_in_field(field) * packets_per_row_;
  return ceil_div(geometry_.field_bytes(field), data_bytes_);
}

std::uint32_t VideoPacketPlan::packets_per_frame() const {
  std::uint32_t total = 0;
  for (std::uint32_t field = 0; field < geometry_.field_count; ++field) total += packets_in_field(field);
  return total;
}

PlannedPacket VideoPacketPlan::packet(std::uint32_t index) const {
  std::uint32_t field = 0;
  while (field + 1 < geometry_.field_count && index >= packets_in_field(field)) index -= packets_in_field(field++);
  return packing_ == PackingMode::kGeneral ? general_packet(field, index) : block_packet(field, index);
}

PlannedPacket VideoPacketPlan::general_packet(std::uint32_t field, std::uint32_t index_in_field) const {
  const std::uint32_t row = index_in_field / packets_per_row_;
  const std::uint32_t byte_in_row = (index_in_field % packets_per_row_) * data_bytes_;
  PlannedPacket packet;
  packet.field = field;
  packet.field_data_offset = static_cast<std::uint64_t>(row) * geometry_.row_bytes() + byte_in_row;
  packet.data_length = std::min(data_bytes_, geometry_.row_bytes() - byte_in_row);
  packet.marker = index_in_field + 1 == packets_in_field(field);
  packet.row_count = 1;
  packet.rows[0] = SampleRowHeader{static_cast<std::uint16_t>(packet.data_length), field == 1,
                                   static_cast<std::uint16_t>(row),
                                   static_cast<std::uint16_t>(geometry_.pixel_offset_of(byte_in_row))};
  return packet;
}

PlannedPacket VideoPacketPlan::block_packet(std::uint32_t field, std::uint32_t index_in_field) const {
  const std::uint64_t field_bytes = geometry_.field_bytes(field);
  const std::uint32_t row_bytes = geometry_.row_bytes();
  PlannedPacket packet;
  packet.field = field;
  packet.field_data_offset = static_cast<std::uint64_t>(index_in_field) * data_bytes_;
  packet.data_length = static_cast<std::uint32_t>(std::min<std::uint64_t>(data_bytes_, field_bytes - packet.field_data_offset));
  packet.marker = index_in_field + 1 == packets_in_field(field);
  std::uint64_t at = packet.field_data_offset;
  const std::uint64_t end = at + packet.data_length;
  while (at < end) {
    const auto row = static_cast<std::uint32_t>(at / row_bytes);
    const auto byte_in_row = static_cast<std::uint32_t>(at % row_bytes);
    const auto length = static_cast<std::uint32_t>(std::min<std::uint64_t>(row_bytes - byte_in_row, end - at));
    packet.rows[packet.row_count++] =
        SampleRowHeader{static_cast<std::uint16_t>(length), field == 1, static_cast<std::uint16_t>(row),
                        static_cast<std::uint16_t>(geometry_.pixel_offset_of(byte_in_row))};
    at += length;
  }
  return packet;
}

}  // namespace crosspoint::st2110
