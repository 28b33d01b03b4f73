// The generated pictures decode pixel-exact: every RFC 4175 segment of a capture unpacked back into
// samples equals the test pattern, for progressive, interlaced and block-packed flows, and for every pattern;
// each pattern, decoded, looks like what its name says, and the patterns differ. Names round-trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
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

// A decoded 4:2:2 frame: each pixel's Y', C'b, C'r (a pair's chroma on both of its pixels).
struct Picture {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<PixelComponents> pixels;
  [[nodiscard]] const PixelComponents& at(std::uint32_t x, std::uint32_t line) const {
    return pixels[std::size_t{line} * width + x];
  }
};

// Unpacks every 4:2:2 10-bit segment of the capture into the frames it carries (by frame number since
// the PTP epoch), checking each packet's RTP timestamp against its frame; counts the samples unpacked.
std::map<std::uint64_t, Picture> decode_422_capture(const std::string& pcap, const st2110::VideoFormat& format,
                                                    std::uint64_t& samples) {
  const bool fields = format.interlaced;
  const Rational unit_rate = fields ? Rational{format.exact_frame_rate.numerator * 2, format.exact_frame_rate.denominator}
                                    : format.exact_frame_rate;
  auto reader = capture::PcapReader::open(pcap);
  REQUIRE(reader);
  std::map<std::uint64_t, Picture> frames;
  samples = 0;
  while (auto record = reader->next()) {
    const auto packet = st2110::parse_rtp_packet(record->bytes);
    REQUIRE(packet);
    const auto payload = st2110::parse_rfc4175(packet->payload);
    REQUIRE(payload);
    // The frame number from the RTP timestamp and the packet's time: the unit whose epoch precedes it.
    const std::uint64_t unit = st2110::frame_at(PtpTime::from_nanos(record->timestamp_ns), unit_rate);
    REQUIRE(st2110::rtp_timestamp_of_frame(unit_rate, unit, st2110::kVideoClockRate) == packet->rtp.timestamp);
    Picture& picture = frames[fields ? unit / 2 : unit];
    if (picture.pixels.empty()) {
      picture.width = format.width;
      picture.height = format.height;
      picture.pixels.assign(std::size_t{format.width} * format.height, PixelComponents{0, 0, 0});
    }
    for (std::size_t s = 0; s < payload->header.row_count; ++s) {
      const st2110::SampleRowHeader& row = payload->header.rows[s];
      const std::uint32_t line = fields ? row.line * 2U + (row.second_field ? 1U : 0U) : row.line;
      REQUIRE(line < format.height);
      SampleBitReader bits(payload->segment_data[s], 10);
      for (std::uint32_t x = row.offset; x < row.offset + row.length / 5U * 2U; x += 2) {
        REQUIRE(x + 1 < format.width);
        const std::uint16_t cb = bits.take(), y0 = bits.take(), cr = bits.take(), y1 = bits.take();
        picture.pixels[std::size_t{line} * format.width + x] = {y0, cb, cr};
        picture.pixels[std::size_t{line} * format.width + x + 1] = {y1, cb, cr};
        samples += 4;
      }
    }
  }
  CHECK(reader->error().empty());
  return frames;
}

// Every decoded pixel of the capture equals the pattern's; returns the samples checked.
std::uint64_t check_422_capture(const std::string& pcap, const st2110::VideoFormat& format, PatternChoice choice = {}) {
  auto geometry = st2110::video_geometry(format);
  REQUIRE(geometry);
  const TestPattern pattern(*geometry, format.sampling, format.depth, choice);
  std::uint64_t samples = 0;
  const auto frames = decode_422_capture(pcap, format, samples);
  std::uint64_t mismatches = 0;
  for (const auto& [frame, picture] : frames) {
    for (std::uint32_t line = 0; line < picture.height; ++line) {
      for (std::uint32_t x = 0; x < picture.width; ++x) mismatches += picture.at(x, line) != pattern.pixel(frame, x, line);
    }
  }
  CHECK(mismatches == 0);
  return samples;
}

struct SmallCapture {
  st2110::VideoFormat format;
  std::map<std::uint64_t, Picture> frames;
};

// Generates `frames` frames of 320x180p50 with --pattern `name` and decodes them.
SmallCapture small_capture(const cap_test::ScratchDir& dir, const std::string& name, std::uint32_t frames = 2) {
  std::string file = name;
  std::replace(file.begin(), file.end(), ':', '-');
  const auto generated = cap_test::generate(dir, file, {"--video", "720p50", "--raster", "320x180", "--pattern", name,
                                                        "--frames", std::to_string(frames)});
  SmallCapture out;
  auto format = parse_video_format_name("720p50");
  REQUIRE(format);
  format->width = 320;
  format->height = 180;
  out.format = *format;
  std::uint64_t samples = 0;
  out.frames = decode_422_capture(generated.pcap, out.format, samples);
  REQUIRE(out.frames.size() == frames);
  CHECK(samples == std::uint64_t{frames} * 320 * 180 * 2);
  return out;
}

// The share of pixels two pictures do not have in common.
double share_different(const Picture& a, const Picture& b) {
  std::size_t different = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) different += a.pixels[i] != b.pixels[i];
  return static_cast<double>(different) / static_cast<double>(a.pixels.size());
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

TEST_CASE("every pattern decodes pixel-exact from a generated capture", "[pattern]") {
  cap_test::ScratchDir dir("pattern-kinds");
  for (const char* name : {"checker", "ramp", "zoneplate", "solid:red"}) {
    INFO(name);
    const auto choice = parse_pattern_name(name);
    REQUIRE(choice);
    const auto generated = cap_test::generate(dir, "kind", {"--video", "720p50", "--pattern", name, "--frames", "2"});
    auto format = parse_video_format_name("720p50");
    REQUIRE(format);
    CHECK(check_422_capture(generated.pcap, *format, *choice) == 2ULL * 1280 * 720 * 2);
  }
}

TEST_CASE("a 1080p checker decodes pixel-exact (the daemon's default generates it)", "[pattern]") {
  cap_test::ScratchDir dir("pattern-1080p-checker");
  const auto generated = cap_test::generate(dir, "checker", {"--video", "1080p50", "--pattern", "checker", "--frames", "1"});
  auto format = parse_video_format_name("1080p50");
  REQUIRE(format);
  CHECK(check_422_capture(generated.pcap, *format, {PatternKind::kChecker}) == 1ULL * 1920 * 1080 * 2);
}

TEST_CASE("checker: black and white squares of a ninth of the height, moving right", "[pattern]") {
  cap_test::ScratchDir dir("pattern-checker");
  const auto capture = small_capture(dir, "checker");
  const Picture& first = capture.frames.begin()->second;
  const std::uint32_t square = 180 / 9;
  std::set<std::uint16_t> levels;
  for (const auto& p : first.pixels) {
    levels.insert(p[0]);
    CHECK((p[1] == 512 && p[2] == 512));
  }
  CHECK(levels == std::set<std::uint16_t>{64, 940});
  // Down a column the level flips every square; the first frame's board, moved by the 64th-of-width step,
  // is the second frame's.
  for (std::uint32_t line = 0; line + square < 180; line += square) {
    CHECK(first.at(150, line)[0] != first.at(150, line + square)[0]);
    CHECK(first.at(150, line)[0] == first.at(150, line + square - 1)[0]);
  }
  const Picture& second = std::next(capture.frames.begin())->second;
  const std::uint32_t step = 2 * (320 / 128);
  for (std::uint32_t line = 0; line < 180; line += 7) {
    for (std::uint32_t x = 0; x + step < 320; x += 5) CHECK(second.at(x + step, line) == first.at(x, line));
  }
}

TEST_CASE("ramp: grey from black to white across the picture, the same on every line", "[pattern]") {
  cap_test::ScratchDir dir("pattern-ramp");
  const auto capture = small_capture(dir, "ramp");
  const Picture& first = capture.frames.begin()->second;
  int drops = 0;  // the scrolled ramp wraps once from white back to black
  for (std::uint32_t x = 1; x < 320; ++x) {
    drops += first.at(x, 0)[0] < first.at(x - 1, 0)[0];
    for (std::uint32_t line = 1; line < 180; line += 11) CHECK(first.at(x, line) == first.at(x, 0));
  }
  CHECK(drops <= 1);
  const auto [darkest, brightest] = std::minmax_element(first.pixels.begin(), first.pixels.end(),
                                                        [](const auto& a, const auto& b) { return a[0] < b[0]; });
  CHECK((*darkest)[0] == 64);
  CHECK((*brightest)[0] > 930);
  CHECK(share_different(first, std::next(capture.frames.begin())->second) > 0.9);
}

TEST_CASE("zone plate: symmetric rings around the centre that drift every frame", "[pattern]") {
  cap_test::ScratchDir dir("pattern-zoneplate");
  const auto capture = small_capture(dir, "zoneplate");
  const Picture& first = capture.frames.begin()->second;
  // Mirror points about the centre (160, 90) are equally far from it.
  for (std::uint32_t line = 1; line < 180; line += 13) {
    for (std::uint32_t x = 1; x < 320; x += 17) CHECK(first.at(x, line)[0] == first.at(320 - x, 180 - line)[0]);
  }
  std::set<std::uint16_t> levels;
  for (const auto& p : first.pixels) levels.insert(p[0]);
  CHECK(levels.size() > 100);  // a smooth wave, not a few flat levels
  CHECK(share_different(first, std::next(capture.frames.begin())->second) > 0.5);
}

TEST_CASE("solid: every pixel is the colour, still from frame to frame", "[pattern]") {
  cap_test::ScratchDir dir("pattern-solid");
  const auto capture = small_capture(dir, "solid:red");
  for (const auto& [frame, picture] : capture.frames) {
    for (const auto& p : picture.pixels) CHECK((p == PixelComponents{204, 435, 848}));
  }
}

TEST_CASE("the patterns are visibly different from each other", "[pattern]") {
  cap_test::ScratchDir dir("pattern-distinct");
  const std::vector<std::string> names{"bars", "checker", "ramp", "zoneplate", "solid:blue"};
  std::vector<Picture> pictures;
  for (const auto& name : names) pictures.push_back(small_capture(dir, name, 1).frames.begin()->second);
  for (std::size_t a = 0; a < names.size(); ++a) {
    for (std::size_t b = a + 1; b < names.size(); ++b) {
      INFO(names[a] << " vs " << names[b]);
      CHECK(share_different(pictures[a], pictures[b]) > 0.5);
    }
  }
}

TEST_CASE("pattern names round-trip; an unknown one is refused with the list", "[pattern]") {
  for (const char* name : {"bars", "checker", "ramp", "zoneplate", "solid:white", "solid:grey", "solid:black"}) {
    const auto choice = parse_pattern_name(name);
    REQUIRE(choice);
    CHECK(pattern_name(*choice) == name);
  }
  CHECK(parse_pattern_name("bars")->kind == PatternKind::kBars);
  for (const char* bad : {"plaid", "solid:", "solid:mauve", "Bars", ""}) CHECK_FALSE(parse_pattern_name(bad));
  const auto refused = parse_gen_options({"--video", "720p50", "--pattern", "plaid", "--out", "x.pcap"});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("--pattern: 'plaid' is not a test pattern") != std::string::npos);
  CHECK(refused.error().find("zoneplate") != std::string::npos);
  const auto defaulted = parse_gen_options({"--video", "720p50", "--out", "x.pcap"});
  REQUIRE(defaulted);
  CHECK(defaulted->pattern == PatternChoice{});
}
