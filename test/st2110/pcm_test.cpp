#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "crosspoint/st2110/pcm.hpp"

using namespace crosspoint::st2110;

namespace {

AudioFormat audio(AudioEncoding encoding, std::uint32_t rate, std::uint32_t channels, std::uint32_t packet_time_us) {
  AudioFormat format;
  format.encoding = encoding;
  format.sample_rate = rate;
  format.channels = channels;
  format.packet_time_us = packet_time_us;
  return format;
}

}  // namespace

TEST_CASE("PCM packet shapes follow the packet time and the rate") {
  struct Case {
    AudioEncoding encoding;
    std::uint32_t rate, channels, packet_time_us, samples, payload;
  };
  for (const Case c : {Case{AudioEncoding::kL24, 48000, 2, 1000, 48, 288}, Case{AudioEncoding::kL24, 48000, 8, 1000, 48, 1152},
                       Case{AudioEncoding::kL16, 48000, 2, 1000, 48, 192}, Case{AudioEncoding::kL24, 48000, 8, 125, 6, 144},
                       Case{AudioEncoding::kL24, 48000, 64, 125, 6, 1152}, Case{AudioEncoding::kL24, 48000, 1, 125, 6, 18},
                       Case{AudioEncoding::kL24, 48000, 4, 250, 12, 144}, Case{AudioEncoding::kL24, 48000, 2, 333, 16, 96},
                       Case{AudioEncoding::kL16, 48000, 2, 4000, 192, 768}, Case{AudioEncoding::kL24, 96000, 2, 125, 12, 72},
                       Case{AudioEncoding::kL24, 96000, 8, 333, 32, 768}, Case{AudioEncoding::kL16, 96000, 1, 4000, 384, 768},
                       Case{AudioEncoding::kL24, 48000, 2, 80, 4, 24}, Case{AudioEncoding::kL24, 96000, 4, 80, 8, 96},
                       Case{AudioEncoding::kL24, 44100, 2, 1088, 48, 288}}) {
    INFO(c.rate << " Hz, " << c.channels << " ch, " << c.packet_time_us << " us");
    auto shape = pcm_packet_shape(audio(c.encoding, c.rate, c.channels, c.packet_time_us));
    REQUIRE(shape.has_value());
    CHECK(shape->samples_per_packet == c.samples);
    CHECK(shape->payload_bytes() == c.payload);
  }
}

TEST_CASE("PCM packet shapes that cannot be sent are refused with a reason") {
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 0, 1000)).has_value());
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 65, 125)).has_value());
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 2, 90)).has_value());   // 4.32 samples
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 2, 10)).has_value());   // 0.48 samples
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 2, 110)).has_value());  // 5.28 samples
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 16, 1000)).has_value()); // 2304 octets
  CHECK_FALSE(pcm_packet_shape(audio(AudioEncoding::kL24, 0, 2, 1000)).has_value());
  CHECK(pcm_packet_shape(audio(AudioEncoding::kL24, 48000, 64, 125)).has_value());
}

TEST_CASE("L24 samples written are the samples read, sign included") {
  const std::vector<std::int32_t> samples = {0, 1, -1, 8'388'607, -8'388'608, 123'456, -654'321, 42};
  std::array<std::uint8_t, 64> out{};
  REQUIRE(write_pcm(out, AudioEncoding::kL24, 2, samples) == 24);
  CHECK(out[0] == 0x00);
  CHECK(out[3] == 0x00);
  CHECK(out[5] == 0x01);
  CHECK(out[6] == 0xff);
  CHECK(out[8] == 0xff);
  auto view = parse_pcm(std::span(out).first(24), AudioEncoding::kL24, 2);
  REQUIRE(view.has_value());
  REQUIRE(view->sample_count() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::uint32_t ch = 0; ch < 2; ++ch) CHECK(view->sample(i, ch) == samples[i * 2 + ch]);
  }
}

TEST_CASE("L16 samples written are the samples read, sign included") {
  const std::vector<std::int32_t> samples = {0, -1, 32767, -32768, 1000, -1000};
  std::array<std::uint8_t, 12> out{};
  REQUIRE(write_pcm(out, AudioEncoding::kL16, 3, samples) == 12);
  auto view = parse_pcm(out, AudioEncoding::kL16, 3);
  REQUIRE(view.has_value());
  REQUIRE(view->sample_count() == 2);
  for (std::size_t i = 0; i < samples.size(); ++i) CHECK(view->sample(i / 3, static_cast<std::uint32_t>(i % 3)) == samples[i]);
}

TEST_CASE("a PCM payload that is not whole sample frames is refused") {
  std::array<std::uint8_t, 144> payload{};
  CHECK(parse_pcm(payload, AudioEncoding::kL24, 8).has_value());
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    INFO("cut at " << cut);
    auto view = parse_pcm(std::span(payload).first(cut), AudioEncoding::kL24, 8);
    if (cut % 24 == 0 && cut > 0) {
      CHECK(view.has_value());
    } else {
      REQUIRE_FALSE(view.has_value());
      CHECK(view.error() == ParseError::kBadAudioLength);
    }
  }
  CHECK_FALSE(parse_pcm(payload, AudioEncoding::kL24, 0).has_value());
  CHECK_FALSE(parse_pcm(payload, AudioEncoding::kL24, 65).has_value());
}

TEST_CASE("writing PCM refuses partial frames and short buffers") {
  std::array<std::uint8_t, 5> small{};
  const std::vector<std::int32_t> two = {1, 2};
  CHECK(write_pcm(small, AudioEncoding::kL24, 2, two) == 0);
  std::array<std::uint8_t, 6> exact{};
  CHECK(write_pcm(exact, AudioEncoding::kL24, 2, two) == 6);
  const std::vector<std::int32_t> three = {1, 2, 3};
  std::array<std::uint8_t, 64> big{};
  CHECK(write_pcm(big, AudioEncoding::kL24, 2, three) == 0);
}
