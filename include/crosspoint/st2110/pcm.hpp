// ST 2110-30 (AES67) linear PCM payloads: big-endian L16 or L24 samples, channels interleaved, a whole
// number of sample frames per packet. A packet time and a rate fix the samples a packet carries.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::uint32_t kMaxPcmChannels = 64;
// ST 2110-30 keeps audio packets within 1440 octets of payload (AES67's limit).
constexpr std::uint32_t kMaxPcmPayloadBytes = 1440;

// The shape every packet of a PCM flow has.
struct PcmPacketShape {
  std::uint32_t bytes_per_sample = 3;  // 2 for L16, 3 for L24
  std::uint32_t channels = 2;
  std::uint32_t samples_per_packet = 48;  // per channel

  [[nodiscard]] std::uint32_t frame_bytes() const { return bytes_per_sample * channels; }
  [[nodiscard]] std::uint32_t payload_bytes() const { return frame_bytes() * samples_per_packet; }
  friend bool operator==(const PcmPacketShape&, const PcmPacketShape&) = default;
};

// Samples per packet are the packet time's worth at the rate, to the nearest sample: signalled packet times
// are rounded (333 us is a third of a millisecond, 16 samples at 48 kHz; 80 us is 4 samples at 48 kHz).
// Refused: 0 or more than 64 channels, a packet time more than 5 % off whole samples, or a payload beyond
// 1440 octets.
Expected<PcmPacketShape, std::string> pcm_packet_shape(const AudioFormat& format);

// Read access to the samples of one payload; samples come sign-extended to 32 bits.
class PcmPayloadView {
 public:
  PcmPayloadView(Bytes payload, std::uint32_t bytes_per_sample, std::uint32_t channels)
      : payload_(payload), bytes_per_sample_(bytes_per_sample), channels_(channels) {}

  [[nodiscard]] std::uint32_t channels() const { return channels_; }
  [[nodiscard]] std::size_t sample_count() const { return payload_.size() / (bytes_per_sample_ * channels_); }
  // Sample `index` (0 .. sample_count() - 1) of `channel`; the caller keeps both in range.
  [[nodiscard]] std::int32_t sample(std::size_t index, std::uint32_t channel) const;

 private:
  Bytes payload_;
  std::uint32_t bytes_per_sample_;
  std::uint32_t channels_;
};

// A payload of whole sample frames (any count: receivers accept packet times other than the SDP's).
Expected<PcmPayloadView, ParseError> parse_pcm(Bytes payload, AudioEncoding encoding, std::uint32_t channels);

// Writes interleaved samples (frame by frame, channel by channel), keeping the low 16 or 24 bits of each;
// returns the octets written, or 0 when `out` is too small or the samples are not whole frames.
std::size_t write_pcm(MutableBytes out, AudioEncoding encoding, std::uint32_t channels,
                      std::span<const std::int32_t> interleaved);

constexpr std::uint32_t bytes_per_sample(AudioEncoding encoding) { return encoding == AudioEncoding::kL16 ? 2 : 3; }

}  // namespace crosspoint::st2110
