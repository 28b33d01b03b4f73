#include "crosspoint/st2110/pcm.hpp"

namespace crosspoint::st2110 {

Expected<PcmPacketShape, std::string> pcm_packet_shape(const AudioFormat& format) {
  if (format.channels == 0 || format.channels > kMaxPcmChannels) {
    return Unexpected{"channels must be 1 to 64, not " + std::to_string(format.channels)};
  }
  if (format.sample_rate == 0 || format.packet_time_us == 0) {
    return Unexpected{std::string("sample rate and packet time must be positive")};
  }
  const std::uint64_t rate_times_us = static_cast<std::uint64_t>(format.sample_rate) * format.packet_time_us;
  const std::uint64_t samples = (rate_times_us + 500'000) / 1'000'000;
  // Signalled packet times are rounded (333 us for 1/3 ms, 80 us for the 4 samples of 1/12 ms at 48 kHz,
  // 1088 us for 48 samples at 44.1 kHz): accept the nearest whole count within 5 %.
  const std::uint64_t exact = samples * 1'000'000;
  const std::uint64_t error = exact > rate_times_us ? exact - rate_times_us : rate_times_us - exact;
  if (samples == 0 || error * 20 > rate_times_us) {
    return Unexpected{std::to_string(format.packet_time_us) + " us is not a whole number of samples at " +
                      std::to_string(format.sample_rate) + " Hz"};
  }
  PcmPacketShape shape{bytes_per_sample(format.encoding), format.channels, static_cast<std::uint32_t>(samples)};
  if (shape.payload_bytes() > kMaxPcmPayloadBytes) {
    return Unexpected{"payload of " + std::to_string(shape.payload_bytes()) + " octets exceeds 1440"};
  }
  return shape;
}

std::int32_t PcmPayloadView::sample(std::size_t index, std::uint32_t channel) const {
  const std::uint8_t* p = payload_.data() + (index * channels_ + channel) * bytes_per_sample_;
  if (bytes_per_sample_ == 2) return static_cast<std::int16_t>(load_be16(p));
  // Shift the 24 bits to the top and back down to sign-extend.
  return static_cast<std::int32_t>(load_be24(p) << 8) >> 8;
}

Expected<PcmPayloadView, ParseError> parse_pcm(Bytes payload, AudioEncoding encoding, std::uint32_t channels) {
  const std::uint32_t bytes = bytes_per_sample(encoding);
  if (channels == 0 || channels > kMaxPcmChannels || payload.empty() || payload.size() % (bytes * channels) != 0) {
    return Unexpected{ParseError::kBadAudioLength};
  }
  return PcmPayloadView(payload, bytes, channels);
}

std::size_t write_pcm(MutableBytes out, AudioEncoding encoding, std::uint32_t channels,
                      std::span<const std::int32_t> interleaved) {
  const std::uint32_t bytes = bytes_per_sample(encoding);
  const std::size_t length = interleaved.size() * bytes;
  if (channels == 0 || interleaved.size() % channels != 0 || out.size() < length) return 0;
  std::uint8_t* p = out.data();
  for (const std::int32_t sample : interleaved) {
    const auto value = static_cast<std::uint32_t>(sample);
    if (bytes == 3) *p++ = static_cast<std::uint8_t>(value >> 16);
    *p++ = static_cast<std::uint8_t>(value >> 8);
    *p++ = static_cast<std::uint8_t>(value);
  }
  return length;
}

}  // namespace crosspoint::st2110
