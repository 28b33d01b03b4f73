// Pictures of one tapped video flow: each tapped frame's packets (engine::TappedPacket, one unit) read into
// a VideoThumbnail as they come; a frame whose packets all came (the marker reached, no index missing) becomes
// the latest picture, one with packets missing is dropped and counted. Interlaced flows give one field.
#pragma once

#include <cstdint>
#include <optional>

#include "crosspoint/engine/frame_tap.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "thumbnail/video_thumbnail.hpp"

namespace crosspoint::app {

class TappedPicture {
 public:
  // nullopt for a format VideoThumbnail does not read.
  static std::optional<TappedPicture> create(const st2110::VideoFormat& format);

  void add(const engine::TappedPacket& packet);
  // The last whole frame's thumbnail.
  [[nodiscard]] const std::optional<VideoThumbnail>& latest() const { return latest_; }
  [[nodiscard]] std::uint32_t latest_rtp_timestamp() const { return latest_timestamp_; }
  [[nodiscard]] std::uint64_t frames() const { return frames_; }
  [[nodiscard]] std::uint64_t incomplete_frames() const { return incomplete_frames_; }

 private:
  explicit TappedPicture(VideoThumbnail blank) : blank_(std::move(blank)) {}

  VideoThumbnail blank_;                     // a thumbnail of nothing yet, copied for each frame
  std::optional<VideoThumbnail> building_;
  std::uint32_t unit_ = 0;                   // the frame being built
  std::uint32_t next_index_ = 0;
  std::optional<VideoThumbnail> latest_;
  std::uint32_t latest_timestamp_ = 0;
  std::uint64_t frames_ = 0;
  std::uint64_t incomplete_frames_ = 0;
};

}  // namespace crosspoint::app
