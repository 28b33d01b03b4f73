// The ST 2110-21 timing model against every worked figure of ST2110-NUMBERS.md.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/st2110_21.hpp"
#include "crosspoint/st2110/st2110_21_meters.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;

namespace {

VideoTiming timing_1080p5994(std::uint32_t packets, ReadSchedule schedule = ReadSchedule::kGapped) {
  VideoTiming t;
  t.frame_rate = {60000, 1001};
  t.height = 1080;
  t.packets_per_frame = packets;
  t.schedule = schedule;
  return t;
}

double ns(Rational r) { return r.to_double(); }

}  // namespace

TEST_CASE("RACTIVE is 1080/1125 gapped, 720/750 at 720p and 1 when linear") {
  CHECK(active_ratio(timing_1080p5994(4320)) == Rational{1080, 1125});
  CHECK(active_ratio(timing_1080p5994(4320, ReadSchedule::kLinear)) == Rational{1, 1});
  VideoTiming p720 = timing_1080p5994(2000);
  p720.height = 720;
  p720.frame_rate = {50, 1};
  CHECK(active_ratio(p720) == Rational{720, 750});
  VideoTiming i1080 = timing_1080p5994(4320);
  i1080.interlaced = true;
  i1080.frame_rate = {30000, 1001};
  CHECK(active_ratio(i1080) == Rational{1080, 1125});
}

TEST_CASE("TRS of 1080p59.94 4:2:2 10-bit matches the worked values") {
  CHECK(ns(trs_ns(timing_1080p5994(4320))) == Approx(3707.41).margin(0.01));
  CHECK(ns(trs_ns(timing_1080p5994(4320, ReadSchedule::kLinear))) == Approx(3861.88).margin(0.01));
  CHECK(ns(trs_ns(timing_1080p5994(4115))) == Approx(3892.10).margin(0.01));
  VideoTiming uhd8k = timing_1080p5994(69120);
  uhd8k.height = 4320;
  CHECK(ns(trs_ns(uhd8k)) == Approx(231.7).margin(0.05));
}

TEST_CASE("TRO_DEFAULT at 1080p59.94 is 637.67 us, 28/750 of the frame at 720p, 22/1125 at 1080i") {
  CHECK(ns(tro_default_ns(timing_1080p5994(4320))) / 1000.0 == Approx(637.67).margin(0.01));
  CHECK(ns(tro_default_ns(timing_1080p5994(4320, ReadSchedule::kLinear))) / 1000.0 == Approx(637.67).margin(0.01));
  VideoTiming p720 = timing_1080p5994(2000);
  p720.height = 720;
  p720.frame_rate = {50, 1};
  CHECK(ns(tro_default_ns(p720)) == Approx(20e6 * 28 / 750));
  VideoTiming i1080 = timing_1080p5994(4320);
  i1080.interlaced = true;
  i1080.frame_rate = {25, 1};
  CHECK(ns(tro_default_ns(i1080)) == Approx(40e6 * 22 / 1125));
}

TEST_CASE("the RTP offset limit is 59 ticks at 1080p59.94") {
  CHECK(rtp_offset_limit_ticks(timing_1080p5994(4320)) == 59);
}

TEST_CASE("CMAX narrow, narrow linear and wide match the worked table") {
  const VideoTiming gpm = timing_1080p5994(4320);
  CHECK(cmax(gpm, SenderType::kNarrow) == 6);
  CHECK(cmax(gpm, SenderType::kNarrowLinear) == 5);
  CHECK(cmax(gpm, SenderType::kWide) == 16);
  const VideoTiming linear = timing_1080p5994(4320, ReadSchedule::kLinear);
  CHECK(cmax(linear, SenderType::kNarrow) == 6);
  CHECK(cmax(linear, SenderType::kNarrowLinear) == 5);
  const VideoTiming bpm = timing_1080p5994(4115);
  CHECK(cmax(bpm, SenderType::kNarrow) == 5);
  CHECK(cmax(bpm, SenderType::kNarrowLinear) == 5);
  CHECK(cmax(bpm, SenderType::kWide) == 16);
  VideoTiming uhd8k = timing_1080p5994(69120);
  uhd8k.height = 4320;
  CHECK(cmax(uhd8k, SenderType::kNarrow) == 99);
}

TEST_CASE("VRX_FULL narrow and wide match the worked table") {
  CHECK(vrx_full(timing_1080p5994(4320), SenderType::kNarrow) == 9);
  CHECK(vrx_full(timing_1080p5994(4320), SenderType::kWide) == 863);
  CHECK(vrx_full(timing_1080p5994(4115), SenderType::kNarrow) == 9);
  CHECK(vrx_full(timing_1080p5994(4115), SenderType::kWide) == 822);
  VideoTiming uhd8k = timing_1080p5994(69120);
  uhd8k.height = 4320;
  CHECK(vrx_full(uhd8k, SenderType::kNarrow) == 153);
}

TEST_CASE("small flows get the floors: CMAX 4 and 16, VRX_FULL 8 and 720 scaled by MAXIP") {
  VideoTiming small = timing_1080p5994(10);
  CHECK(cmax(small, SenderType::kNarrow) == 4);
  CHECK(cmax(small, SenderType::kWide) == 16);
  CHECK(vrx_full(small, SenderType::kNarrow) == 8);
  CHECK(vrx_full(small, SenderType::kWide) == 720);
  small.max_ip_bytes = 750;
  CHECK(vrx_full(small, SenderType::kNarrow) == 16);
  CHECK(vrx_full(small, SenderType::kWide) == 1440);
}

TEST_CASE("frame epochs are exact multiples of the frame period since the PTP epoch") {
  const VideoTiming t = timing_1080p5994(4320);
  // Frame 60000 of 59.94p starts exactly 1001 s after the epoch.
  CHECK(unit_epoch_ns(t, 60000) == 1001 * kNanosPerSecond);
  CHECK(unit_index_at(t, 1001 * kNanosPerSecond) == 60000);
  CHECK(unit_index_at(t, 1001 * kNanosPerSecond - 1) == 59999);
  const std::int64_t big = 1'800'000'000LL * 60;  // about 2027
  const Nanoseconds epoch = unit_epoch_ns(t, big);
  CHECK(unit_index_at(t, epoch) == big);
  CHECK(unit_index_at(t, epoch - 1) == big - 1);
}

TEST_CASE("a sender on the gapped read schedule is narrow; the same packets in one burst are not compliant") {
  const VideoTiming t = timing_1080p5994(4320);
  const Rational trs = trs_ns(t);
  const Rational tro = tro_default_ns(t);
  const std::int64_t frame = 100;
  const Nanoseconds epoch = unit_epoch_ns(t, frame);

  NetworkCompatibilityMeter paced_c(network_drain_period_ns(t));
  VirtualReceiverMeter paced_v(trs, tro, 4320);
  VirtualReceiverMeter paced_linear(trs_ns(timing_1080p5994(4320, ReadSchedule::kLinear)), tro, 4320);
  paced_v.begin_unit(epoch);
  paced_linear.begin_unit(epoch);
  for (std::uint32_t j = 0; j < 4320; ++j) {
    // Half a TRS ahead of each packet's drain instant.
    const Nanoseconds arrival = epoch + static_cast<Nanoseconds>(ns(tro) + (j - 0.5) * ns(trs));
    paced_c.on_packet(arrival);
    paced_v.on_packet(arrival);
    paced_linear.on_packet(arrival);
  }
  TimingMeasurement paced{paced_c.cinst_max(), paced_v.vrx_min(), paced_v.vrx_max(), paced_linear.vrx_min(),
                          paced_linear.vrx_max()};
  CHECK(paced.cinst_max <= 2);
  CHECK(paced.vrx_gapped_min >= 0);
  CHECK(paced.vrx_gapped_max <= 2);
  CHECK(paced.vrx_linear_max > 9);  // early against the slower linear schedule
  CHECK(classify(t, paced) == ComplianceClass::kNarrow);

  NetworkCompatibilityMeter burst_c(network_drain_period_ns(t));
  VirtualReceiverMeter burst_v(trs, tro, 4320);
  burst_v.begin_unit(epoch);
  for (std::uint32_t j = 0; j < 4320; ++j) {
    const Nanoseconds arrival = epoch + j;  // back to back at the frame's start
    burst_c.on_packet(arrival);
    burst_v.on_packet(arrival);
  }
  TimingMeasurement burst{burst_c.cinst_max(), burst_v.vrx_min(), burst_v.vrx_max(), burst_v.vrx_min(),
                          burst_v.vrx_max()};
  CHECK(burst.cinst_max > 4000);
  CHECK(burst.vrx_gapped_max == 4320);
  CHECK(classify(t, burst) == ComplianceClass::kNotCompliant);
}

TEST_CASE("a sender on the linear schedule is narrow linear: late against the gapped drain") {
  const VideoTiming gapped = timing_1080p5994(4320);
  const VideoTiming linear = timing_1080p5994(4320, ReadSchedule::kLinear);
  const Rational tro = tro_default_ns(gapped);
  const Nanoseconds epoch = unit_epoch_ns(gapped, 7);
  NetworkCompatibilityMeter c(network_drain_period_ns(gapped));
  VirtualReceiverMeter v_gapped(trs_ns(gapped), tro, 4320);
  VirtualReceiverMeter v_linear(trs_ns(linear), tro, 4320);
  v_gapped.begin_unit(epoch);
  v_linear.begin_unit(epoch);
  for (std::uint32_t j = 0; j < 4320; ++j) {
    const Nanoseconds arrival = epoch + static_cast<Nanoseconds>(ns(tro) + (j - 0.5) * ns(trs_ns(linear)));
    c.on_packet(arrival);
    v_gapped.on_packet(arrival);
    v_linear.on_packet(arrival);
  }
  const TimingMeasurement m{c.cinst_max(), v_gapped.vrx_min(), v_gapped.vrx_max(), v_linear.vrx_min(),
                            v_linear.vrx_max()};
  CHECK(m.vrx_gapped_min < 0);
  CHECK(m.vrx_linear_min >= 0);
  CHECK(m.vrx_linear_max <= 2);
  CHECK(classify(gapped, m) == ComplianceClass::kNarrowLinear);
}

TEST_CASE("Cinst counts packets above the drain: two back to back then paced gives 2") {
  // TDRAIN 1000 ns.
  NetworkCompatibilityMeter c(Rational{1000, 1});
  CHECK(c.on_packet(0) == 1);
  CHECK(c.on_packet(10) == 2);
  CHECK(c.on_packet(1000) == 2);
  CHECK(c.on_packet(5000) == 0);
  CHECK(c.cinst_max() == 2);
}

TEST_CASE("compliance classes have stable names") {
  CHECK(std::string(to_string(ComplianceClass::kNarrow)) == "narrow");
  CHECK(std::string(to_string(ComplianceClass::kNarrowLinear)) == "narrow_linear");
  CHECK(std::string(to_string(ComplianceClass::kWide)) == "wide");
  CHECK(std::string(to_string(ComplianceClass::kNotCompliant)) == "not_compliant");
}

TEST_CASE("packets per frame and per second of the worked rate table follow from the packet plan") {
  struct Row {
    const char* name;
    std::uint32_t width, height;
    PackingMode packing;
    std::uint32_t per_frame;
    std::uint64_t per_second;
  };
  for (const Row& row : {Row{"1080p GPM", 1920, 1080, PackingMode::kGeneral, 4320, 258941},
                         Row{"2160p GPM", 3840, 2160, PackingMode::kGeneral, 17280, 1035764},
                         Row{"4320p GPM", 7680, 4320, PackingMode::kGeneral, 69120, 4143057},
                         Row{"1080p BPM", 1920, 1080, PackingMode::kBlock, 4115, 246653},
                         Row{"2160p BPM", 3840, 2160, PackingMode::kBlock, 16458, 986494},
                         Row{"4320p BPM", 7680, 4320, PackingMode::kBlock, 65829, 3945794}}) {
    INFO(row.name);
    VideoFormat format;
    format.width = row.width;
    format.height = row.height;
    format.packing = row.packing;
    auto plan = VideoPacketPlan::create(format);
    REQUIRE(plan);
    CHECK(plan->packets_per_frame() == row.per_frame);
    // N x 60000 / 1001, to the nearest packet as the table gives it
    CHECK((std::uint64_t{plan->packets_per_frame()} * 120000 + 1001) / 2002 == row.per_second);
  }
}
