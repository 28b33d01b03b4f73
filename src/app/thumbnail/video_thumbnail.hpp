// A small picture of a video frame, built on the control plane from the frame's RFC 4175 payloads: only the
// pixels that fall on the thumbnail's grid are read (nearest neighbour), so an 8K frame costs what its
// thumbnail does. 4:2:2 and 4:4:4 YCbCr and RGB at 8, 10 and 12 bits.
//
//   VideoThumbnail thumbnail(3840, 2160, Sampling::kYCbCr422, Depth::k10);  // 160 x 90
//   for (payload : one frame's RTP payloads) thumbnail.add_payload(payload);
//   auto rgb = thumbnail.rgb();  // width x height x 3 octets
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/pgroup.hpp"

namespace crosspoint::app {

class VideoThumbnail {
 public:
  // nullopt for a sampling or depth it does not read (4:2:0, 16-bit, key).
  static std::optional<VideoThumbnail> create(std::uint32_t width, std::uint32_t height, st2110::Sampling sampling,
                                              st2110::Depth depth, std::uint32_t thumbnail_width = 160);

  // Reads the grid's pixels from one RTP payload (extended sequence, SRDs, data). False, counted, for a
  // payload that does not parse or whose rows fall outside the picture.
  bool add_payload(st2110::Bytes rtp_payload);

  [[nodiscard]] std::uint32_t width() const { return width_; }
  [[nodiscard]] std::uint32_t height() const { return height_; }
  // The components of a thumbnail pixel as the format carries them, at its depth: Y', C'b, C'r or R, G, B.
  [[nodiscard]] const std::array<std::uint16_t, 3>& components(std::uint32_t x, std::uint32_t y) const {
    return pixels_[static_cast<std::size_t>(y) * width_ + x];
  }
  // 8-bit RGB, row after row (BT.709 narrow range for YCbCr).
  [[nodiscard]] std::vector<std::uint8_t> rgb() const;
  [[nodiscard]] std::uint64_t bad_payloads() const { return bad_payloads_; }

 private:
  VideoThumbnail(std::uint32_t width, std::uint32_t height, st2110::Sampling sampling, st2110::Depth depth,
                 st2110::Pgroup pgroup, std::uint32_t thumbnail_width);
  void read_segment(std::uint32_t line, std::uint32_t offset, st2110::Bytes data);

  std::uint32_t source_width_, source_height_;
  st2110::Sampling sampling_;
  unsigned bits_;
  st2110::Pgroup pgroup_;
  std::uint32_t width_, height_;
  std::vector<std::int32_t> row_of_line_;       // thumbnail row a source line feeds, or -1
  std::vector<std::uint32_t> source_x_;         // source column of each thumbnail column
  std::vector<std::array<std::uint16_t, 3>> pixels_;
  std::uint64_t bad_payloads_ = 0;
};

}  // namespace crosspoint::app
