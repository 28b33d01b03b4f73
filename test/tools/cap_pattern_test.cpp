// The generated pictures decode pixel-exact: every RFC 4175 segment of a capture unpacked back into
// samples equals the test pattern, for progressive, interlaced and block-packed flows. Names round-trip.
#include <catch2/catch.hpp>

#include <vector>

#include "cap_test_support.hpp"
#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/video_geometry.hpp"
#include "crosspoint/signal/test_pattern.hpp"
#include "video_format_name.hpp"

using namespace crosspoint;
using namespace crosspoint::cap;

namespace {

// Reads `bits`-wide samples most significant bit first.
class SampleBitReader {
 public:
  SampleBitReader(st2110::Bytes data, unsigned bits) : data_(data), bits_(bits) {}
  std::uint16_t take() {
    while (pending_ < bits_) {
      accumulator_ = (accumulator_ << 8) | (at_ < data_.size() ? data_[at_] : 0);
      ++at_;
      pending_ += 8;
    }
    pending_ -= bits_;
    return static_cast<std::uint16_t>((accumulator_ >> pending_) & ((1U << bits_) - 1));
  }

 private:
  st2110::Bytes data_;
  unsigned bits_;
  std::uint64_t accumulator_ = 0;
  unsigned pending_ = 0;
  std::size_t at_ = 0;
};

// Unpacks every 4:2:2 10-bit segment of the capture and checks each sample against the pattern; returns
// the samples checked.
std::uint64_t check_422_capture(const std::string& pcap, const st2110::VideoFormat& format) {
  auto geometry = st2110::video_geometry(format);
  REQUIRE(geometry);
  const TestPattern pattern(*geometry, format.sampling, format.depth);
  const bool fields = format.interlaced;
  const Rational unit_rate = fields ? Rational{format.exact_frame_rate.numerator * 2, format.exact_frame_rate.denominator}
                                    : format.exact_frame_rate;
  auto reader = capture::PcapReader::open(pcap);
  REQUIRE(reader);
  std::uint64_t checked = 0;
  std::uint64_t mismatches = 0;
  while (auto record = reader->next()) {
    const auto packet = st2110::parse_rtp_packet(record->bytes);
    REQUIRE(packet);
    const auto payload = st2110::parse_rfc4175(packet->payload);
    REQUIRE(payload);
    // The frame number from the RTP timestamp and the packet's time: the unit whose epoch precedes it.
    const std::uint64_t unit = st2110::frame_at(PtpTime::from_nanos(record->timestamp_ns), unit_rate);
    REQUIRE(st2110::rtp_timestamp_of_frame(unit_rate, unit, st2110::kVideoClockRate) == packet->rtp.timestamp);
    const std::uint64_t frame = fields ? unit / 2 : unit;
    for (std::size_t s = 0; s < payload->header.row_count; ++s) {
      const st2110::SampleRowHeader& row = payload->header.rows[s];
      const std::uint32_t line = fields ? row.line * 2U + (row.second_field ? 1U : 0U) : row.line;
      SampleBitReader bits(payload->segment_data[s], 10);
      for (std::uint32_t x = row.offset; x < row.offset + row.length / 5U * 2U; x += 2) {
        const PixelComponents left = pattern.pixel(frame, x, line);
        const PixelComponents right = pattern.pixel(frame, x + 1, line);
        const std::uint16_t cb = bits.take(), y0 = bits.take(), cr = bits.take(), y1 = bits.take();
        if (cb != left[1] || y0 != left[0] || cr != left[2] || y1 != right[0]) ++mismatches;
        checked += 4;
      }
    }
  }
  CHECK(reader->error().empty());
  CHECK(mismatches == 0);
  return checked;
}

}  // namespace

TEST_CASE("720p50 GPM payloads carry the pattern sample for sample", "[pattern]") {
  cap_test::ScratchDir dir("pattern-720p");
  const auto generated = cap_test::generate(dir, "p720", {"--video", "720p50", "--frames", "3"});
  auto format = parse_video_format_name("720p50");
  REQUIRE(format);
  CHECK(check_422_capture(generated.pcap, *format) == 3ULL * 1280 * 720 * 2);
}

TEST_CASE("1080i50 fields carry their own lines of the pattern", "[pattern]") {
  cap_test::ScratchDir dir("pattern-1080i");
  const auto generated = cap_test::generate(dir, "i1080", {"--video", "1080i50", "--frames", "1"});
  auto format = parse_video_format_name("1080i50");
  REQUIRE(format);
  CHECK(check_422_capture(generated.pcap, *format) == 1ULL * 1920 * 1080 * 2);
}

TEST_CASE("1080p25 BPM segments that cross rows carry the pattern", "[pattern]") {
  cap_test::ScratchDir dir("pattern-bpm");
  const auto generated = cap_test::generate(dir, "bpm", {"--video", "1080p25", "--packing", "bpm", "--frames", "1"});
  auto format = parse_video_format_name("1080p25");
  REQUIRE(format);
  format->packing = st2110::PackingMode::kBlock;
  CHECK(check_422_capture(generated.pcap, *format) == 1ULL * 1920 * 1080 * 2);
}

TEST_CASE("the pattern moves: consecutive frames differ, every frame has bars and a ramp", "[pattern]") {
  auto format = parse_video_format_name("720p50");
  REQUIRE(format);
  auto geometry = st2110::video_geometry(*format);
  REQUIRE(geometry);
  const TestPattern pattern(*geometry, format->sampling, format->depth);
  int differing = 0;
  for (std::uint32_t x = 0; x < 1280; x += 7) differing += pattern.pixel(100, x, 10) != pattern.pixel(101, x, 10);
  CHECK(differing > 0);
  CHECK(pattern.pixel(100, 0, 700) != pattern.pixel(100, 0, 701));  // the ramp changes line by line
  CHECK(pattern.pixel(100, 0, 700)[1] == 512);                      // and is grey
}

TEST_CASE("video format names: lines, scan and rate, interlaced by field rate", "[pattern]") {
  auto f = parse_video_format_name("1080i59.94");
  REQUIRE(f);
  CHECK(f->width == 1920);
  CHECK(f->height == 1080);
  CHECK(f->interlaced);
  CHECK(f->exact_frame_rate == Rational{30000, 1001});
  CHECK(video_format_name(*f) == "1080i59.94");
  for (const char* name : {"720p50", "1080p60", "2160p23.98", "4320p59.94", "1080i50", "2160p29.97"}) {
    auto parsed = parse_video_format_name(name);
    REQUIRE(parsed);
    CHECK(video_format_name(*parsed) == name);
  }
  CHECK_FALSE(parse_video_format_name("1081p50"));
  CHECK_FALSE(parse_video_format_name("1080p51"));
  CHECK_FALSE(parse_video_format_name("1080x50"));
  CHECK_FALSE(parse_video_format_name(""));
}
