#include <catch2/catch.hpp>

#include "crosspoint/st2110/pgroup.hpp"
#include "crosspoint/st2110/video_geometry.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"

using namespace crosspoint::st2110;

namespace {

VideoFormat format_of(std::uint32_t width, std::uint32_t height, bool interlaced = false,
                      PackingMode packing = PackingMode::kGeneral, Sampling sampling = Sampling::kYCbCr422,
                      Depth depth = Depth::k10) {
  VideoFormat format;
  format.width = width;
  format.height = height;
  format.interlaced = interlaced;
  format.packing = packing;
  format.sampling = sampling;
  format.depth = depth;
  return format;
}

VideoPacketPlan plan_of(const VideoFormat& format) {
  auto plan = VideoPacketPlan::create(format);
  if (!plan) FAIL(plan.error());
  return *plan;
}

// Walks every packet of a frame and checks they tile each field's rows exactly once, in order.
void check_plan_tiles_the_frame(const VideoPacketPlan& plan) {
  const VideoGeometry& geometry = plan.geometry();
  std::uint32_t index = 0;
  for (std::uint32_t field = 0; field < geometry.field_count; ++field) {
    std::uint64_t expected_offset = 0;
    for (std::uint32_t i = 0; i < plan.packets_in_field(field); ++i, ++index) {
      const PlannedPacket packet = plan.packet(index);
      REQUIRE(packet.field == field);
      REQUIRE(packet.field_data_offset == expected_offset);
      REQUIRE(packet.data_length <= plan.data_bytes_per_packet());
      REQUIRE(packet.marker == (i + 1 == plan.packets_in_field(field)));
      std::uint64_t at = packet.field_data_offset;
      std::uint32_t sum = 0;
      for (const SampleRowHeader& row : packet.row_headers()) {
        REQUIRE(row.second_field == (field == 1));
        REQUIRE(row.line == at / geometry.row_bytes());
        REQUIRE(row.offset == geometry.pixel_offset_of(static_cast<std::uint32_t>(at % geometry.row_bytes())));
        REQUIRE(row.length % geometry.pgroup.bytes == 0);
        at += row.length;
        sum += row.length;
      }
      REQUIRE(sum == packet.data_length);
      expected_offset += packet.data_length;
    }
    REQUIRE(expected_offset == geometry.field_bytes(field));
  }
  REQUIRE(index == plan.packets_per_frame());
}

}  // namespace

TEST_CASE("pgroups follow the ST 2110-20 tables for every sampling and depth") {
  CHECK(pgroup_of(Sampling::kYCbCr422, Depth::k8) == Pgroup{4, 2, 1});
  CHECK(pgroup_of(Sampling::kYCbCr422, Depth::k10) == Pgroup{5, 2, 1});
  CHECK(pgroup_of(Sampling::kYCbCr422, Depth::k12) == Pgroup{6, 2, 1});
  CHECK(pgroup_of(Sampling::kYCbCr422, Depth::k16) == Pgroup{8, 2, 1});
  CHECK(pgroup_of(Sampling::kYCbCr422, Depth::k16f) == Pgroup{8, 2, 1});
  CHECK(pgroup_of(Sampling::kCLYCbCr422, Depth::k10) == Pgroup{5, 2, 1});
  CHECK(pgroup_of(Sampling::kICtCp422, Depth::k12) == Pgroup{6, 2, 1});

  for (Sampling sampling : {Sampling::kYCbCr444, Sampling::kRgb, Sampling::kCLYCbCr444, Sampling::kICtCp444,
                            Sampling::kXyz}) {
    CHECK(pgroup_of(sampling, Depth::k8) == Pgroup{3, 1, 1});
    CHECK(pgroup_of(sampling, Depth::k10) == Pgroup{15, 4, 1});
    CHECK(pgroup_of(sampling, Depth::k12) == Pgroup{9, 2, 1});
    CHECK(pgroup_of(sampling, Depth::k16) == Pgroup{6, 1, 1});
    CHECK(pgroup_of(sampling, Depth::k16f) == Pgroup{6, 1, 1});
  }
  // 4:2:0 pgroups hold a 2-line block: pixels count both lines.
  for (Sampling sampling : {Sampling::kYCbCr420, Sampling::kCLYCbCr420, Sampling::kICtCp420}) {
    CHECK(pgroup_of(sampling, Depth::k8) == Pgroup{6, 4, 2});
    CHECK(pgroup_of(sampling, Depth::k10) == Pgroup{15, 8, 2});
    CHECK(pgroup_of(sampling, Depth::k12) == Pgroup{9, 4, 2});
    CHECK(pgroup_of(sampling, Depth::k16) == Pgroup{12, 4, 2});
  }
  CHECK(pgroup_of(Sampling::kKey, Depth::k8) == Pgroup{1, 1, 1});
  CHECK(pgroup_of(Sampling::kKey, Depth::k10) == Pgroup{5, 4, 1});
  CHECK(pgroup_of(Sampling::kKey, Depth::k12) == Pgroup{3, 2, 1});
  CHECK(pgroup_of(Sampling::kKey, Depth::k16) == Pgroup{2, 1, 1});
}

TEST_CASE("a pgroup's octets hold exactly its samples") {
  // Samples per pixel pair: 4:4:4 three per pixel, 4:2:2 two, 4:2:0 one and a half, key one.
  struct Case {
    Sampling sampling;
    std::uint32_t samples_per_two_pixels;
  };
  for (const Case c : {Case{Sampling::kYCbCr444, 6}, Case{Sampling::kYCbCr422, 4}, Case{Sampling::kYCbCr420, 3},
                       Case{Sampling::kKey, 2}}) {
    for (const auto& [depth, bits] : {std::pair{Depth::k8, 8U}, std::pair{Depth::k10, 10U},
                                     std::pair{Depth::k12, 12U}, std::pair{Depth::k16, 16U}}) {
      const auto pgroup = pgroup_of(c.sampling, depth);
      REQUIRE(pgroup.has_value());
      CHECK(pgroup->bytes * 8U * 2U == pgroup->pixels * c.samples_per_two_pixels * bits);
    }
  }
}

TEST_CASE("frame geometry counts rows per field, line pairs for 4:2:0") {
  auto progressive = video_geometry(format_of(1920, 1080));
  REQUIRE(progressive.has_value());
  CHECK(progressive->field_count == 1);
  CHECK(progressive->rows_in_field(0) == 1080);
  CHECK(progressive->row_bytes() == 4800);
  CHECK(progressive->frame_bytes() == 5'184'000);

  auto interlaced = video_geometry(format_of(1920, 1080, true));
  REQUIRE(interlaced.has_value());
  CHECK(interlaced->field_count == 2);
  CHECK(interlaced->rows_in_field(0) == 540);
  CHECK(interlaced->rows_in_field(1) == 540);
  CHECK(interlaced->frame_bytes() == 5'184'000);

  auto ntsc = video_geometry(format_of(720, 487, true));
  REQUIRE(ntsc.has_value());
  CHECK(ntsc->lines_in_field(0) == 244);
  CHECK(ntsc->lines_in_field(1) == 243);

  auto yuv420 = video_geometry(format_of(1920, 1080, false, PackingMode::kGeneral, Sampling::kYCbCr420));
  REQUIRE(yuv420.has_value());
  CHECK(yuv420->rows_in_field(0) == 540);
  CHECK(yuv420->row_bytes() == 7200);  // two lines of 1920 pixels at 15 octets per 8 pixels
  CHECK(yuv420->pixel_offset_of(15) == 4);
}

TEST_CASE("frame geometry refuses formats RFC 4175 cannot carry") {
  CHECK_FALSE(video_geometry(format_of(1921, 1080)).has_value());
  CHECK_FALSE(video_geometry(format_of(1922, 1080, false, PackingMode::kGeneral, Sampling::kRgb)).has_value());
  CHECK_FALSE(video_geometry(format_of(0, 1080)).has_value());
  CHECK_FALSE(video_geometry(format_of(1920, 1081, false, PackingMode::kGeneral, Sampling::kYCbCr420)).has_value());
  CHECK_FALSE(video_geometry(format_of(1920, 1082, true, PackingMode::kGeneral, Sampling::kYCbCr420)).has_value());
  CHECK_FALSE(video_geometry(format_of(40000, 1080)).has_value());
}

TEST_CASE("packets per frame match ST2110-NUMBERS for 4:2:2 10-bit GPM 1200 and BPM 1260") {
  struct Case {
    std::uint32_t width, height, gpm_per_line, gpm_per_frame, bpm_per_frame;
  };
  for (const Case c : {Case{1920, 1080, 4, 4320, 4115}, Case{3840, 2160, 8, 17280, 16458},
                       Case{7680, 4320, 16, 69120, 65829}}) {
    INFO(c.width << "x" << c.height);
    const auto gpm = plan_of(format_of(c.width, c.height));
    CHECK(gpm.data_bytes_per_packet() == 1200);
    CHECK(gpm.packets_per_row() == c.gpm_per_line);
    CHECK(gpm.packets_per_frame() == c.gpm_per_frame);
    const auto bpm = plan_of(format_of(c.width, c.height, false, PackingMode::kBlock));
    CHECK(bpm.data_bytes_per_packet() == 1260);
    CHECK(bpm.packets_per_frame() == c.bpm_per_frame);
  }
}

TEST_CASE("an interlaced 1080 frame is two fields of 540 rows with the field bit and a marker each") {
  const auto plan = plan_of(format_of(1920, 1080, true));
  CHECK(plan.packets_in_field(0) == 2160);
  CHECK(plan.packets_in_field(1) == 2160);
  CHECK(plan.packets_per_frame() == 4320);
  const auto first = plan.packet(0);
  CHECK(first.rows[0] == SampleRowHeader{1200, false, 0, 0});
  const auto end_of_first_field = plan.packet(2159);
  CHECK(end_of_first_field.marker);
  CHECK(end_of_first_field.rows[0] == SampleRowHeader{1200, false, 539, 1440});
  const auto second_field = plan.packet(2160);
  CHECK_FALSE(second_field.marker);
  CHECK(second_field.rows[0] == SampleRowHeader{1200, true, 0, 0});
  CHECK(plan.packet(4319).marker);
  check_plan_tiles_the_frame(plan);
}

TEST_CASE("a GPM row ends in a shorter packet when the payload does not divide it") {
  const auto plan = plan_of(format_of(1280, 720));
  CHECK(plan.packets_per_row() == 3);
  CHECK(plan.packets_per_frame() == 2160);
  CHECK(plan.packet(2).data_length == 800);
  CHECK(plan.packet(2).rows[0].offset == 960);
  CHECK(plan.packet(2159).marker);
  CHECK_FALSE(plan.packet(2158).marker);
  check_plan_tiles_the_frame(plan);
}

TEST_CASE("BPM packets hold whole 180-octet blocks and split where rows end") {
  const auto plan = plan_of(format_of(1920, 1080, false, PackingMode::kBlock));
  // The fourth packet starts at octet 3780 of row 0 and runs 1020 octets into row 0 then 240 into row 1.
  const auto packet = plan.packet(3);
  REQUIRE(packet.row_count == 2);
  CHECK(packet.rows[0] == SampleRowHeader{1020, false, 0, 1512});
  CHECK(packet.rows[1] == SampleRowHeader{240, false, 1, 0});
  CHECK(packet.payload_length() == 14 + 1260);
  const auto last = plan.packet(4114);
  CHECK(last.marker);
  CHECK(last.data_length == 360);
  CHECK(last.data_length % kBpmBlockBytes == 0);
  check_plan_tiles_the_frame(plan);
}

TEST_CASE("packet plans tile the frame for every family of format") {
  for (const auto& format :
       {format_of(1280, 720), format_of(1920, 1080, true, PackingMode::kBlock),
        format_of(1920, 1080, false, PackingMode::kGeneral, Sampling::kYCbCr420),
        format_of(1920, 1080, true, PackingMode::kBlock, Sampling::kYCbCr420, Depth::k8),
        format_of(3840, 2160, false, PackingMode::kGeneral, Sampling::kRgb, Depth::k12),
        format_of(1280, 720, false, PackingMode::kBlock, Sampling::kYCbCr444, Depth::k16f),
        format_of(720, 487, true), format_of(640, 480, false, PackingMode::kBlock, Sampling::kKey, Depth::k8)}) {
    INFO(format.width << "x" << format.height << (format.interlaced ? "i" : "p"));
    check_plan_tiles_the_frame(plan_of(format));
  }
}

TEST_CASE("a plan refuses payloads that hold no pgroup and BPM with pgroups that split blocks") {
  const auto geometry = video_geometry(format_of(1920, 1080));
  REQUIRE(geometry.has_value());
  CHECK_FALSE(VideoPacketPlan::create(*geometry, PackingMode::kGeneral, 4).has_value());
  CHECK(VideoPacketPlan::create(*geometry, PackingMode::kGeneral, 5).has_value());
  CHECK_FALSE(VideoPacketPlan::create(*geometry, PackingMode::kBlock, 179).has_value());
  auto small_bpm = VideoPacketPlan::create(*geometry, PackingMode::kBlock, 1000);
  REQUIRE(small_bpm.has_value());
  CHECK(small_bpm->data_bytes_per_packet() == 900);
  // 4:2:2 16-bit pgroups are 8 octets: they do not divide a 180-octet block.
  CHECK_FALSE(VideoPacketPlan::create(format_of(1920, 1080, false, PackingMode::kBlock, Sampling::kYCbCr422,
                                                Depth::k16)).has_value());
}
