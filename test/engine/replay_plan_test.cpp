// The replay's plan of a capture: looping continues RTP timestamps and sequence numbers (RFC 4175's
// extended half too), and restamping puts every frame on its PTP epoch with the capture's own offsets.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/signal/replay_plan.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "test_streams.hpp"

using namespace crosspoint;
using namespace crosspoint::engine::test;

namespace {

constexpr Rational k5994{60000, 1001};
constexpr std::uint32_t kPackets = 8;
constexpr std::uint32_t kFrames = 3;

// Three frames of 59.94p video, 8 packets each, sequence numbers about to wrap, each packet 1 ms apart
// from its frame's start; the capture's clock is not PTP time.
std::string write_video_capture() {
  const auto path = std::filesystem::temp_directory_path() / ("crosspoint-replay-plan-" + std::to_string(getpid()) + ".pcap");
  StreamBuilder stream(StreamSpec{});
  auto writer = capture::PcapWriter::create(path.string());
  REQUIRE(writer);
  for (std::uint64_t i = 0; i < kPackets * kFrames; ++i) {
    const std::uint64_t frame = i / kPackets;
    const std::uint64_t at = 5'000'000'000ULL + frame * 16'683'333ULL + (i % kPackets) * 1'000'000ULL;
    REQUIRE(writer->write(at, stream.packet(i)));
  }
  return path.string();
}

std::uint32_t full_sequence_of(const cap::ReplayPlan& plan, const cap::ReplayRecord& r, std::uint64_t pass) {
  return plan.emission(r, pass, false).sequence;
}

}  // namespace

TEST_CASE("a looped capture goes on: each pass continues the timestamps and the extended sequence") {
  const std::string path = write_video_capture();
  auto plan = cap::ReplayPlan::load(path);
  std::filesystem::remove(path);
  REQUIRE(plan);
  REQUIRE(plan->flows().size() == 1);
  const cap::ReplayFlow& flow = plan->flows()[0];
  CHECK(flow.framed);
  CHECK(flow.clock_rate == 90000);
  CHECK(flow.unit_rate == k5994);
  CHECK(flow.units_per_pass == kFrames);
  CHECK(flow.extended_sequence);
  const cap::ReplayRecord& first = plan->record(flow.records.front());
  const cap::ReplayRecord& last = plan->record(flow.records.back());
  // Sequence: the last packet of a pass, then the first of the next, one apart (through the 16-bit wrap).
  for (std::uint64_t pass = 0; pass < 3; ++pass) {
    CHECK(full_sequence_of(*plan, first, pass + 1) == full_sequence_of(*plan, last, pass) + 1);
  }
  // Timestamps: three frames of 1501.5 ticks a pass, so the next pass starts 4504 or 4505 ticks on.
  const std::uint32_t step = plan->emission(first, 1, false).timestamp - plan->emission(first, 0, false).timestamp;
  CHECK((step == 4504 || step == 4505));
  // Time: a pass later by three frame periods.
  CHECK(plan->emission(first, 1, false).time_ns - plan->emission(first, 0, false).time_ns == 50'050'000);
}

TEST_CASE("restamped, each frame gets its PTP epoch's timestamp and leaves at that epoch plus its offset") {
  const std::string path = write_video_capture();
  auto plan = cap::ReplayPlan::load(path);
  std::filesystem::remove(path);
  REQUIRE(plan);
  const std::uint64_t start = 1'770'000'000'123'456'789ULL;
  plan->rebase(start);
  const cap::ReplayFlow& flow = plan->flows()[0];
  const std::uint64_t unit = st2110::frame_at(st2110::next_frame_boundary(PtpTime::from_nanos(start), k5994), k5994);
  for (std::uint64_t pass = 0; pass < 2; ++pass) {
    for (std::uint32_t i = 0; i < flow.records.size(); ++i) {
      const cap::ReplayRecord& r = plan->record(flow.records[i]);
      const std::uint64_t frame = unit + pass * kFrames + i / kPackets;
      const auto e = plan->emission(r, pass, true);
      REQUIRE(e.timestamp == st2110::rtp_timestamp_of_frame(k5994, frame, 90000));
      const auto epoch = static_cast<std::int64_t>(st2110::frame_epoch_instant(k5994, frame).to_nanos());
      // Not on PTP time in the capture: the first packet at a 1080-line TRO_DEFAULT, then the capture's spacing.
      REQUIRE(e.time_ns - epoch == 16'683'333 * 43 / 1125 + (i % kPackets) * 1'000'000);
    }
  }
}
