// `crosspoint-cap compare`: a recording against itself is bit-exact; a "router output" with a new SSRC and
// sequence numbers, 50 us later, one frame dropped and one pixel octet changed is reported frame by frame;
// with SDPs, streams match by media type and place and the two legs of a DUP group are one stream.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "cap_test_support.hpp"
#include "capture_compare.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "frame_builder.hpp"

using namespace crosspoint::cap;
using namespace crosspoint::st2110;

TEST_CASE("a capture compared with itself: every flow matched by SSRC, every frame bit-exact, no latency",
          "[compare]") {
  const std::string file = cap_test::committed_capture("programme_320x180p50.pcap");
  const CompareReport report = compare_captures(file, file);
  CHECK(report.error.empty());
  CHECK(report.bit_exact());
  REQUIRE(report.flows.size() == 3);
  for (const FlowComparison& flow : report.flows) {
    CHECK(flow.matched_by == "ssrc");
    CHECK(flow.identical == flow.frames_a);
    CHECK(flow.latency_ns.max == 0);
  }
}

TEST_CASE("a rewritten, delayed output with a lost frame and a changed octet", "[compare]") {
  cap_test::ScratchDir dir("compare");
  const std::string input = cap_test::committed_capture("video_320x180p50.pcap");
  const std::string output = dir.file("output.pcap");
  const auto records = cap_test::read_all(input);
  std::set<std::uint32_t> timestamps;
  std::uint32_t dropped = 0;
  std::uint32_t changed = 0;
  std::size_t changed_offset = 0;
  {
    auto writer = crosspoint::capture::PcapWriter::create(output);
    REQUIRE(writer);
    std::uint32_t packet_in_frame = 0;
    std::uint32_t previous = 0;
    for (const auto& record : records) {
      auto bytes = record.bytes;
      const auto view = parse_rtp_packet(Bytes(bytes));
      REQUIRE(view);
      const std::uint32_t timestamp = view->rtp.timestamp;
      packet_in_frame = timestamp == previous ? packet_in_frame + 1 : 0;
      previous = timestamp;
      timestamps.insert(timestamp);
      if (timestamps.size() == 3) {  // the third frame never comes out
        dropped = timestamp;
        continue;
      }
      const std::size_t rtp = view->rtp_offset;
      const std::size_t payload = rtp + view->rtp.header_length;
      // A router's rewrite: SSRC, sequence and the RFC 4175 extended sequence (compare leaves the latter out).
      bytes[rtp + 11] ^= 0x5a;
      bytes[rtp + 3] ^= 0x01;
      bytes[payload + 1] ^= 0x01;
      if (timestamps.size() == 5 && packet_in_frame == 2) {
        changed = timestamp;
        const std::size_t pixel = payload + 2 + 6 * (view->payload.size() > 14 && (view->payload[4] & 0x80) ? 2 : 1) + 10;
        bytes[pixel] ^= 0xff;
        changed_offset = pixel - payload - 2;
      }
      REQUIRE(writer->write(record.timestamp_ns + 50'000, bytes));
    }
    REQUIRE(writer->close());
  }
  const CompareReport report = compare_captures(input, output);
  CHECK(report.error.empty());
  CHECK_FALSE(report.bit_exact());
  REQUIRE(report.flows.size() == 1);
  const FlowComparison& flow = report.flows[0];
  CHECK(flow.matched_by == "order");  // the SSRC changed
  CHECK(flow.frames_a == 8);
  CHECK(flow.in_both == 7);
  CHECK(flow.missing == 1);
  CHECK(flow.extra == 0);
  CHECK(flow.identical == 6);
  CHECK(flow.differing == 1);
  REQUIRE(flow.first_difference);
  CHECK(flow.first_difference->rtp_timestamp == changed);
  CHECK(dropped != changed);
  CHECK(flow.latency_ns.min == 50'000);
  CHECK(flow.latency_ns.max == 50'000);
  CHECK(flow.latency_median_ns == 50'000);
  // Two packets of compared octets come before the changed one in its frame.
  const auto second_packet = parse_rtp_packet(Bytes(records[0].bytes));
  REQUIRE(second_packet);
  CHECK(flow.first_difference->byte_offset == 2 * (second_packet->payload.size() - 2) + changed_offset);
}

namespace {

SessionDescription sdp_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_sdp(text.str());
  if (!parsed) FAIL(path << ": " << parsed.error().to_string());
  return *parsed;
}

}  // namespace

TEST_CASE("with its SDP, a 2022-7 capture's two legs are one stream: losses on each leg are not losses", "[compare]") {
  cap_test::ScratchDir dir("compare-dup");
  const auto legs = cap_test::generate(dir, "legs", {"--video", "720p50", "--audio", "--frames", "3", "--dup",
                                                     "--leg-a-loss", "5,100,3000", "--leg-b-loss", "50,4000"});
  // The merged stream as a router sends it, to other destinations.
  const auto merged = cap_test::generate(dir, "merged", {"--video", "720p50", "--audio", "--frames", "3",
                                                         "--destination", "239.200.0.1"});
  CompareOptions options;
  options.sdp_a = sdp_of(legs.sdp);
  options.sdp_b = sdp_of(merged.sdp);
  const CompareReport report = compare_captures(legs.pcap, merged.pcap, options);
  CHECK(report.error.empty());
  CHECK(report.bit_exact());
  REQUIRE(report.flows.size() == 2);
  for (const FlowComparison& flow : report.flows) {
    CHECK(flow.matched_by == "sdp");
    REQUIRE(flow.a_second_leg);
    CHECK(flow.a_second_leg->destination != flow.a.destination);
    CHECK_FALSE(flow.b_second_leg);
    CHECK(flow.frames_a == flow.frames_b);
  }
  CHECK(report.flows[0].media == DetectedMedia::kVideo);
  CHECK(report.flows[0].b->destination == Ipv4Address{0xEFC80001});  // 239.200.0.1
  CHECK(report.flows[1].media == DetectedMedia::kAudio);

  // A's SDP alone still makes the legs one stream; B's flows are then found by SSRC.
  CompareOptions only_a;
  only_a.sdp_a = options.sdp_a;
  const CompareReport by_ssrc = compare_captures(legs.pcap, merged.pcap, only_a);
  CHECK(by_ssrc.bit_exact());
  for (const FlowComparison& flow : by_ssrc.flows) CHECK(flow.matched_by == "ssrc");

  // Without the SDP each leg is a flow of its own: the first leg's losses show, the second finds no match.
  const CompareReport legs_apart = compare_captures(legs.pcap, merged.pcap);
  CHECK_FALSE(legs_apart.bit_exact());
  CHECK(legs_apart.flows.size() == 4);
}

TEST_CASE("SDPs match streams by media type and place, whatever the order of the flows", "[compare]") {
  cap_test::ScratchDir dir("compare-sdp-order");
  const auto a = cap_test::generate(dir, "a", {"--video", "720p50", "--audio", "--frames", "2"});
  const auto b = cap_test::generate(dir, "b", {"--video", "720p50", "--audio", "--frames", "2"});
  // B's SDP lists audio before video; each SDP's video is still the other's video.
  SessionDescription sdp_b = sdp_of(b.sdp);
  REQUIRE(sdp_b.legs.size() == 2);
  std::swap(sdp_b.legs[0], sdp_b.legs[1]);
  CompareOptions options;
  options.sdp_a = sdp_of(a.sdp);
  options.sdp_b = sdp_b;
  const CompareReport report = compare_captures(a.pcap, b.pcap, options);
  CHECK(report.bit_exact());
  REQUIRE(report.flows.size() == 2);
  for (const FlowComparison& flow : report.flows) {
    CHECK(flow.matched_by == "sdp");
    REQUIRE(flow.b);
    CHECK(flow.b->destination == flow.a.destination);
  }
}

TEST_CASE("a DUP group's second leg 50 ms late: packets merged in sequence order, still bit-exact", "[compare]") {
  cap_test::ScratchDir dir("compare-dup-late");
  const auto legs = cap_test::generate(dir, "legs", {"--video", "720p50", "--audio", "--frames", "6", "--dup",
                                                     "--leg-a-loss", "1,5,100,3000,9000", "--leg-b-loss", "50,4000"});
  const auto merged = cap_test::generate(dir, "merged", {"--video", "720p50", "--audio", "--frames", "6"});
  // Leg B (239.101.x.x) recorded 50 ms (two and a half frames, fifty audio packets) after leg A.
  auto records = cap_test::read_all(legs.pcap);
  for (auto& record : records) {
    const auto view = parse_rtp_packet(Bytes(record.bytes));
    REQUIRE(view);
    if ((view->ip.destination.value >> 16) == 0xEF65) record.timestamp_ns += 50'000'000;
  }
  std::stable_sort(records.begin(), records.end(),
                   [](const auto& x, const auto& y) { return x.timestamp_ns < y.timestamp_ns; });
  const std::string late = dir.file("late.pcap");
  {
    auto writer = crosspoint::capture::PcapWriter::create(late);
    REQUIRE(writer);
    for (const auto& record : records) REQUIRE(writer->write(record.timestamp_ns, record.bytes));
    REQUIRE(writer->close());
  }
  CompareOptions options;
  options.sdp_a = sdp_of(legs.sdp);
  const CompareReport report = compare_captures(late, merged.pcap, options);
  CHECK(report.bit_exact());
  REQUIRE(report.flows.size() == 2);
  for (const FlowComparison& flow : report.flows) {
    CHECK(flow.identical == flow.frames_a);
    CHECK(flow.frames_a == flow.frames_b);
  }
}
