#include "crosspoint/signal/audio_generator.hpp"

#include <cmath>
#include <numbers>

#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

// The first instant at or after sample `index` of a clock at `rate`, in nanoseconds.
Nanoseconds sample_instant_ns(std::uint64_t index, std::uint32_t rate) {
  return static_cast<Nanoseconds>(-floor_div(-Int128{index} * kNanosPerSecond, rate));
}

}  // namespace

Expected<std::unique_ptr<AudioGenerator>, std::string> AudioGenerator::create(const AudioFlowSpec& spec) {
  auto shape = pcm_packet_shape(spec.format);
  if (!shape) return Unexpected{shape.error()};
  return std::unique_ptr<AudioGenerator>(new AudioGenerator(spec, *shape));
}

AudioGenerator::AudioGenerator(const AudioFlowSpec& spec, PcmPacketShape shape) : spec_(spec), shape_(shape) {
  const std::uint32_t rate = spec.format.sample_rate;
  // ceil(start x rate): the first sample at or after the start instant.
  first_sample_ = static_cast<std::uint64_t>(-floor_div(-Int128{spec.start.to_nanos()} * rate, kNanosPerSecond));
  const auto samples = static_cast<std::uint64_t>(Int128{spec.duration_ns} * rate / kNanosPerSecond);
  packets_ = (samples + shape.samples_per_packet - 1) / shape.samples_per_packet;
  samples_.resize(static_cast<std::size_t>(shape.samples_per_packet) * shape.channels);
  frame_buffer_.resize(kRtpFrameHeaderLength + shape.payload_bytes());
}

bool AudioGenerator::next(GeneratedPacket& packet) {
  if (sent_ >= packets_) return false;
  const std::uint32_t rate = spec_.format.sample_rate;
  const std::uint64_t first = first_sample_ + sent_ * shape_.samples_per_packet;
  const double full_scale = spec_.format.encoding == AudioEncoding::kL16 ? 32767.0 : 8388607.0;
  for (std::uint32_t i = 0; i < shape_.samples_per_packet; ++i) {
    // The phase from the sample count modulo the rate: exact tones that do not drift with the epoch.
    const double seconds = static_cast<double>((first + i) % rate) / rate;
    for (std::uint32_t channel = 0; channel < shape_.channels; ++channel) {
      const double tone = std::sin(2.0 * std::numbers::pi * 1000.0 * (channel + 1) * seconds);
      samples_[static_cast<std::size_t>(i) * shape_.channels + channel] =
          static_cast<std::int32_t>(std::lround(0.5 * full_scale * tone));
    }
  }
  RtpHeader rtp;
  rtp.payload_type = spec_.address.payload_type;
  rtp.sequence = static_cast<std::uint16_t>(spec_.first_sequence + sent_);
  rtp.timestamp = static_cast<std::uint32_t>(first);
  rtp.ssrc = spec_.address.ssrc;
  MutableBytes out(frame_buffer_);
  const std::size_t headers = write_rtp_frame_headers(out, spec_.address, rtp, shape_.payload_bytes(),
                                                      static_cast<std::uint16_t>(sent_));
  const std::size_t written = write_pcm(out.subspan(headers), spec_.format.encoding, shape_.channels, samples_);

  packet.send_time_ns = sample_instant_ns(first + shape_.samples_per_packet, rate);
  packet.index = sent_;
  packet.frame = std::span<const std::uint8_t>(frame_buffer_.data(), headers + written);
  ++sent_;
  return true;
}

}  // namespace crosspoint::cap
