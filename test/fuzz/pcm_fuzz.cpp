// ST 2110-30 PCM: the first octet picks L16 or L24 and a channel count (0 to 127: beyond the limit too), the
// second and third a packet time; the rest is a payload. An accepted payload holds whole sample frames and
// every sample reads; the packet shape of a signalled format is refused or within ST 2110-30's limits.
#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/pcm.hpp"
#include "fuzz_check.hpp"

using namespace crosspoint::st2110;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const AudioEncoding encoding = (data[0] & 0x80) != 0 ? AudioEncoding::kL16 : AudioEncoding::kL24;
  const std::uint32_t channels = data[0] & 0x7f;

  AudioFormat format;
  format.encoding = encoding;
  format.channels = channels;
  format.sample_rate = (data[1] & 1) != 0 ? 96000 : 48000;
  format.packet_time_us = static_cast<std::uint32_t>(data[1] >> 1) * 256 + data[2];
  if (const auto shape = pcm_packet_shape(format)) {
    FUZZ_REQUIRE(shape->channels >= 1 && shape->channels <= kMaxPcmChannels);
    FUZZ_REQUIRE(shape->samples_per_packet >= 1);
    FUZZ_REQUIRE(shape->payload_bytes() <= kMaxPcmPayloadBytes);
  }

  const Bytes payload{data + 3, size - 3};
  const auto pcm = parse_pcm(payload, encoding, channels);
  if (!pcm) return 0;
  FUZZ_REQUIRE(channels >= 1);
  FUZZ_REQUIRE(pcm->sample_count() * channels * bytes_per_sample(encoding) == payload.size());
  const std::int32_t limit = encoding == AudioEncoding::kL16 ? (1 << 15) : (1 << 23);
  for (std::size_t i = 0; i < pcm->sample_count(); ++i) {
    for (std::uint32_t c = 0; c < channels; ++c) {
      const std::int32_t sample = pcm->sample(i, c);
      FUZZ_REQUIRE(sample >= -limit && sample < limit);
    }
  }
  return 0;
}
