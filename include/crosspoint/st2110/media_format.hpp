// What an essence flow carries: the shared description of ST 2110-20 video, -30 audio and -40 ancillary
// flows. SDP, IS-04 flows, the engine's switch points and crosspoint-cap all speak it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crosspoint/time/rational.hpp"

namespace crosspoint::st2110 {

// ST 2110-20 sampling (SDP `sampling=`), 7.4.1.
enum class Sampling : std::uint8_t {
  kYCbCr444, kYCbCr422, kYCbCr420,
  kCLYCbCr444, kCLYCbCr422, kCLYCbCr420,
  kICtCp444, kICtCp422, kICtCp420,
  kRgb, kXyz, kKey,
};

// ST 2110-20 bit depth (SDP `depth=`); 16f is half-float.
enum class Depth : std::uint8_t { k8, k10, k12, k16, k16f };

// Bits per sample of a depth; 16f (half float) occupies 16 bits like 16.
constexpr unsigned bits_per_sample(Depth depth) {
  switch (depth) {
    case Depth::k8: return 8;
    case Depth::k10: return 10;
    case Depth::k12: return 12;
    case Depth::k16:
    case Depth::k16f: return 16;
  }
  return 10;
}

// SDP `PM=`: general packing mode or block packing mode.
enum class PackingMode : std::uint8_t { kGeneral, kBlock };

// ST 2110-21 sender type (SDP `TP=`).
enum class SenderType : std::uint8_t { kNarrow /*2110TPN*/, kNarrowLinear /*2110TPNL*/, kWide /*2110TPW*/ };

struct VideoFormat {
  std::uint32_t width = 1920;
  std::uint32_t height = 1080;
  Rational exact_frame_rate{60000, 1001};  // frames per second (fields are twice this when interlaced)
  bool interlaced = false;
  bool segmented = false;                  // PsF: progressive frames carried as two segments
  Sampling sampling = Sampling::kYCbCr422;
  Depth depth = Depth::k10;
  std::string colorimetry = "BT709";       // BT601, BT709, BT2020, BT2100, ST2065-1, ST2065-3, UNSPECIFIED, XYZ, ALPHA
  std::string tcs = "SDR";                 // SDR, PQ, HLG, LINEAR, BT2100LINPQ, ..., UNSPECIFIED
  std::string range = "NARROW";            // NARROW, FULL, FULLPROTECT
  PackingMode packing = PackingMode::kGeneral;
  SenderType sender_type = SenderType::kNarrow;
  std::optional<Rational> pixel_aspect_ratio;  // PAR
  std::optional<std::uint32_t> max_udp;        // MAXUDP (bytes of UDP payload)
  std::optional<std::uint32_t> troff_us;       // TROFF, microseconds
  std::optional<std::uint32_t> cmax;           // CMAX
  std::string ssn = "ST2110-20:2017";
  friend bool operator==(const VideoFormat&, const VideoFormat&) = default;
};

enum class AudioEncoding : std::uint8_t { kL16, kL24 };

struct AudioFormat {
  AudioEncoding encoding = AudioEncoding::kL24;
  std::uint32_t sample_rate = 48000;
  std::uint32_t channels = 2;
  // Packet time in microseconds: 1000 (ST 2110-30 level A), 125 (level C), 250, 333, 4000, 80, ...
  std::uint32_t packet_time_us = 1000;
  std::string channel_order;  // e.g. "SMPTE2110.(ST)"; empty when not signalled
  friend bool operator==(const AudioFormat&, const AudioFormat&) = default;
};

struct AncDataId {
  std::uint8_t did = 0;
  std::uint8_t sdid = 0;
  friend bool operator==(const AncDataId&, const AncDataId&) = default;
};

struct AncFormat {
  Rational exact_frame_rate{60000, 1001};
  bool interlaced = false;
  std::vector<AncDataId> data_ids;  // SDP `DID_SDID={0x61,0x01}` entries
  std::optional<std::uint8_t> vpid_code;  // SDP `VPID_Code=`: ST 352 byte 1 of the video the ANC came with
  friend bool operator==(const AncFormat&, const AncFormat&) = default;
};

using MediaFormat = std::variant<VideoFormat, AudioFormat, AncFormat>;

enum class MediaType : std::uint8_t { kVideo, kAudio, kAncillary };

inline MediaType media_type_of(const MediaFormat& format) {
  return static_cast<MediaType>(format.index());
}

}  // namespace crosspoint::st2110
