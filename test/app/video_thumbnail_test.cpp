// Thumbnails from real RFC 4175 packets (the test-signal generator's bars): every thumbnail pixel holds the
// components of the source pixel it stands for, in each sampling and depth it reads, up to 8K.
#include <catch2/catch.hpp>

#include <string>

#include "crosspoint/signal/video_generator.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "thumbnail/video_thumbnail.hpp"

using namespace crosspoint;
using st2110::Depth;
using st2110::Sampling;

namespace {

struct Case {
  std::uint32_t width, height;
  Sampling sampling;
  Depth depth;
};

}  // namespace

TEST_CASE("a thumbnail of one frame holds the pattern's pixels at its grid points") {
  const Case c = GENERATE(Case{1920, 1080, Sampling::kYCbCr422, Depth::k10}, Case{1280, 720, Sampling::kYCbCr422, Depth::k8},
                          Case{1920, 1080, Sampling::kYCbCr444, Depth::k10}, Case{1280, 720, Sampling::kRgb, Depth::k8},
                          Case{1920, 1080, Sampling::kRgb, Depth::k12}, Case{7680, 4320, Sampling::kYCbCr422, Depth::k10});
  INFO(c.width << "x" << c.height << " sampling " << static_cast<int>(c.sampling) << " depth " << static_cast<int>(c.depth));
  cap::VideoFlowSpec spec;
  spec.format.width = c.width;
  spec.format.height = c.height;
  spec.format.sampling = c.sampling;
  spec.format.depth = c.depth;
  spec.format.exact_frame_rate = Rational{50, 1};
  spec.frames = 1;
  auto generator = cap::VideoGenerator::create(spec);
  REQUIRE(generator);
  auto thumbnail = app::VideoThumbnail::create(c.width, c.height, c.sampling, c.depth);
  REQUIRE(thumbnail);
  CHECK(thumbnail->width() == 160);
  CHECK(thumbnail->height() == 160 * c.height / c.width);

  cap::GeneratedPacket packet;
  std::uint64_t packets = 0;
  while ((*generator)->next(packet)) {
    const auto view = st2110::parse_rtp_packet(packet.frame);
    REQUIRE(view);
    REQUIRE(thumbnail->add_payload(view->payload));
    ++packets;
  }
  CHECK(packets > 100);
  CHECK(thumbnail->bad_payloads() == 0);

  const auto& pattern = (*generator)->pattern();
  const std::uint64_t frame = (*generator)->first_frame();
  unsigned compared = 0;
  for (std::uint32_t y = 0; y < thumbnail->height(); y += 7) {
    for (std::uint32_t x = 0; x < thumbnail->width(); x += 3) {
      const std::uint32_t sx = static_cast<std::uint32_t>((2ull * x + 1) * c.width / 320);
      const std::uint32_t sy = static_cast<std::uint32_t>((2ull * y + 1) * c.height / (2ull * thumbnail->height()));
      const auto expected = pattern.pixel(frame, sx, sy);
      INFO("thumbnail (" << x << ", " << y << ") from source (" << sx << ", " << sy << ")");
      REQUIRE(thumbnail->components(x, y) == expected);
      ++compared;
    }
  }
  CHECK(compared > 500);

  // The first bar is white and the second yellow: red and green high, blue low.
  const auto rgb = thumbnail->rgb();
  const std::size_t white = 3 * (10 * thumbnail->width() + 5);
  const std::size_t yellow = 3 * (10 * thumbnail->width() + 160 / 7 + 5);
  CHECK(rgb[white] > 180);
  CHECK(rgb[white + 1] > 180);
  CHECK(rgb[white + 2] > 180);
  CHECK(rgb[yellow] > 150);
  CHECK(rgb[yellow + 1] > 150);
  CHECK(rgb[yellow + 2] < 60);
}

TEST_CASE("payloads that do not parse or fall outside the picture are counted, not read") {
  auto thumbnail = app::VideoThumbnail::create(1920, 1080, Sampling::kYCbCr422, Depth::k10);
  REQUIRE(thumbnail);
  const std::uint8_t too_short[] = {0, 0, 0};
  CHECK_FALSE(thumbnail->add_payload(too_short));
  // extended sequence 0, one SRD: length 5, line 2000 (outside 1080 lines), offset 0, then one pgroup.
  const std::uint8_t outside[] = {0, 0, 0, 5, 0x07, 0xD0, 0, 0, 1, 2, 3, 4, 5};
  CHECK_FALSE(thumbnail->add_payload(outside));
  CHECK(thumbnail->bad_payloads() == 2);
  CHECK_FALSE(app::VideoThumbnail::create(1920, 1080, Sampling::kYCbCr420, Depth::k10));
}
