// Which octets of a frame each RTP packet carries, for a packing mode and a payload size: the one plan the
// generator sends by and the analyzer and engine check against. Packets are computed by index in O(1).
//  - GPM (general packing): each packet holds whole pgroups of one row; a row takes ceil(row / packet) packets.
//  - BPM (block packing): the field's rows run on as one stream of 180-octet blocks; packets hold whole
//    blocks (1260 octets = 7 blocks by default) and may cross rows, with one SRD per row touched.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/video_geometry.hpp"

namespace crosspoint::st2110 {

constexpr std::uint32_t kBpmBlockBytes = 180;
constexpr std::uint32_t kBpmMaxDataBytes = 1260;
constexpr std::uint32_t kDefaultGpmDataBytes = 1200;

struct PlannedPacket {
  std::uint32_t field = 0;           // 0, or 1 for the second field
  std::uint64_t field_data_offset = 0;  // octet offset of the packet's data in the field's rows laid end to end
  std::uint32_t data_length = 0;     // octets of sample data (payload minus the RFC 4175 header)
  bool marker = false;               // the last packet of the frame, or of the field when interlaced
  std::uint8_t row_count = 0;
  std::array<SampleRowHeader, kMaxSampleRows> rows{};

  [[nodiscard]] std::span<const SampleRowHeader> row_headers() const { return {rows.data(), row_count}; }
  [[nodiscard]] std::size_t payload_length() const { return rfc4175_header_length(row_count) + data_length; }
};

class VideoPacketPlan {
 public:
  // `max_data_bytes`: sample octets a packet may carry, without the RFC 4175 header (GPM rounds it down to
  // whole pgroups; BPM to whole 180-octet blocks, at most 1260).
  static Expected<VideoPacketPlan, std::string> create(const VideoGeometry& geometry, PackingMode packing,
                                                       std::uint32_t max_data_bytes);
  // The format's geometry and packing; the default payload is 1200 octets for GPM and 1260 for BPM.
  static Expected<VideoPacketPlan, std::string> create(const VideoFormat& format);

  [[nodiscard]] const VideoGeometry& geometry() const { return geometry_; }
  [[nodiscard]] PackingMode packing() const { return packing_; }
  // Sample octets of every full packet (all but the last of a row in GPM, of a field in BPM).
  [[nodiscard]] std::uint32_t data_bytes_per_packet() const { return data_bytes_; }
  // GPM: packets each row takes; BPM: 0, packets do not follow rows.
  [[nodiscard]] std::uint32_t packets_per_row() const { return packets_per_row_; }
  [[nodiscard]] std::uint32_t packets_in_field(std::uint32_t field) const;
  [[nodiscard]] std::uint32_t packets_per_frame() const;
  // The packet at `index` of a frame, counted over both fields; `index` must be below packets_per_frame().
  [[nodiscard]] PlannedPacket packet(std::uint32_t index) const;

 private:
  VideoPacketPlan(const VideoGeometry& geometry, PackingMode packing, std::uint32_t data_bytes);
  PlannedPacket general_packet(std::uint32_t field, std::uint32_t index_in_field) const;
  PlannedPacket block_packet(std::uint32_t field, std::uint32_t index_in_field) const;

  VideoGeometry geometry_;
  PackingMode packing_ = PackingMode::kGeneral;
  std::uint32_t data_bytes_ = 0;
  std::uint32_t packets_per_row_ = 0;
};

}  // namespace crosspoint::st2110
