#include "thumbnail/tapped_picture.hpp"

namespace crosspoint::app {

std::optional<TappedPicture> TappedPicture::create(const st2110::VideoFormat& format) {
  // Each field of an interlaced flow is a unit of its own, its lines numbered within the field.
  const std::uint32_t lines = format.interlaced || format.segmented ? format.height / 2 : format.height;
  auto blank = VideoThumbnail::create(format.width, lines, format.sampling, format.depth);
  if (!blank) return std::nullopt;
  return TappedPicture(std::move(*blank));
}

void TappedPicture::add(const engine::TappedPacket& packet) {
  if (packet.unit != unit_) {
    if (building_) ++incomplete_frames_;  // the last ended without its marker
    building_ = blank_;
    unit_ = packet.unit;
    next_index_ = 0;
  }
  if (!building_) return;  // given up: a packet of it was missing
  if (packet.index != next_index_) {  // packets the tap could not copy: this frame stays incomplete
    building_.reset();
    ++incomplete_frames_;
    return;
  }
  ++next_index_;
  building_->add_payload(packet.payload);
  if (!packet.last) return;
  latest_ = std::move(building_);
  latest_timestamp_ = packet.rtp_timestamp;
  building_.reset();
  ++frames_;
}

}  // namespace crosspoint::app
