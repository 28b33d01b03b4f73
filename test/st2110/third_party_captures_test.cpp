// The parsers against traffic crosspoint did not make: every packet of every third-party ST 2110 capture in
// captures/third-party parses without a false error, and the facts its README states hold.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/st2110/anc.hpp"
#include "crosspoint/st2110/pcm.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;

namespace {

std::string capture_path(const std::string& name) {
  const char* root = std::getenv("CROSSPOINT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/captures/third-party/" + name;
}

struct Packet {
  capture::PcapRecord record;
  RtpPacketView view;
};

// Calls `each` for every record; every one must be RTP over UDP/IPv4 (these captures hold one flow each).
std::size_t for_each_rtp_packet(const std::string& name, const std::function<void(const Packet&)>& each) {
  auto reader = capture::PcapReader::open(capture_path(name));
  if (!reader) FAIL(reader.error());
  std::size_t count = 0;
  while (auto record = reader->next()) {
    auto view = parse_rtp_packet(record->bytes, record->original_length);
    if (!view) FAIL(name << " record " << count + 1 << ": " << to_string(view.error()));
    each(Packet{*record, *view});
    ++count;
  }
  CHECK(reader->error().empty());
  return count;
}

// The ANC packets of one RTP payload; fails the test on any parse error.
std::vector<AncPacket> anc_packets_of(const Packet& packet, AncPayloadHeader* header = nullptr) {
  auto reader = AncPayloadReader::open(packet.view.payload);
  if (!reader) FAIL("ANC header: " << to_string(reader.error()));
  if (header != nullptr) *header = reader->header();
  std::vector<AncPacket> packets;
  AncPacket anc;
  while (true) {
    auto more = reader->next(anc);
    if (!more) FAIL("ANC packet " << packets.size() << ": " << to_string(more.error()));
    if (!*more) break;
    packets.push_back(anc);
  }
  return packets;
}

}  // namespace

TEST_CASE("the Embrionix 1080i59.94 capture cut at 128 octets parses as 10 fields of the 1080i GPM plan") {
  VideoFormat format;
  format.width = 1920;
  format.height = 1080;
  format.interlaced = true;
  format.exact_frame_rate = Rational{30000, 1001};
  auto plan = VideoPacketPlan::create(format);
  REQUIRE(plan.has_value());

  ExtendedSequence sequence;
  std::optional<std::uint64_t> last_count;
  std::optional<std::uint32_t> previous_field_timestamp;
  std::uint32_t markers = 0;
  std::uint32_t index_in_frame = 0;  // where this packet should sit in the plan
  std::set<std::uint32_t> timestamp_steps;
  std::set<bool> fields_seen;
  std::size_t truncated = 0;

  const std::size_t count = for_each_rtp_packet("pilist_eemebe_t_1080i59_hdr128.pcap", [&](const Packet& packet) {
    const auto& view = packet.view;
    REQUIRE(view.ip.destination.to_string() == "239.0.1.2");
    REQUIRE(view.udp.destination_port == 50000);
    REQUIRE(view.rtp.payload_type == 96);
    REQUIRE(packet.record.bytes.size() == 128);
    REQUIRE(packet.record.original_length == 1262);
    if (view.payload_truncated()) ++truncated;

    auto header = parse_rfc4175_header(view.payload);
    REQUIRE(header.has_value());
    REQUIRE(header->row_count == 1);
    const SampleRowHeader& row = header->rows[0];
    REQUIRE(row.length == 1200);
    REQUIRE(view.payload_wire_length == header->header_length + 1200);
    fields_seen.insert(row.second_field);

    // No loss: the 32-bit RFC 4175 sequence runs on by one.
    const std::uint64_t counted = sequence.extend(view.rtp.sequence);
    if (last_count) REQUIRE(counted == *last_count + 1);
    last_count = counted;

    // The capture starts at a field boundary: each packet is the plan's packet at the same place.
    const PlannedPacket planned = plan->packet(index_in_frame);
    REQUIRE(row == planned.rows[0]);
    REQUIRE(view.rtp.marker == planned.marker);
    index_in_frame = (index_in_frame + 1) % plan->packets_per_frame();

    if (view.rtp.marker) {
      ++markers;
      if (previous_field_timestamp) timestamp_steps.insert(view.rtp.timestamp - *previous_field_timestamp);
      previous_field_timestamp = view.rtp.timestamp;
    }
  });
  CHECK(count == 21600);
  CHECK(truncated == 21600);
  CHECK(markers == 10);
  CHECK(index_in_frame == 0);
  CHECK(fields_seen == std::set<bool>{false, true});
  CHECK(timestamp_steps == std::set<std::uint32_t>{1501, 1502});
}

TEST_CASE("the Riedel L24 capture is 8 channels of 6 samples every 125 us") {
  AudioFormat format;
  format.encoding = AudioEncoding::kL24;
  format.channels = 8;
  format.packet_time_us = 125;
  auto shape = pcm_packet_shape(format);
  REQUIRE(shape.has_value());
  REQUIRE(shape->payload_bytes() == 144);

  std::optional<std::uint32_t> previous_timestamp;
  std::set<std::uint32_t> steps;
  std::uint64_t first_ns = 0;
  std::uint64_t last_ns = 0;
  bool any_nonzero = false;
  const std::size_t count = for_each_rtp_packet("pilist_l24_48000_8ch_0125.pcap", [&](const Packet& packet) {
    const auto& view = packet.view;
    REQUIRE(view.ip.destination.to_string() == "239.32.37.1");
    REQUIRE(view.udp.destination_port == 50030);
    REQUIRE(view.rtp.payload_type == 97);
    REQUIRE(view.payload.size() == shape->payload_bytes());
    auto pcm = parse_pcm(view.payload, AudioEncoding::kL24, 8);
    REQUIRE(pcm.has_value());
    REQUIRE(pcm->sample_count() == 6);
    for (std::uint32_t ch = 0; ch < 8; ++ch) any_nonzero = any_nonzero || pcm->sample(0, ch) != 0;
    if (previous_timestamp) steps.insert(view.rtp.timestamp - *previous_timestamp);
    previous_timestamp = view.rtp.timestamp;
    if (first_ns == 0) first_ns = packet.record.timestamp_ns;
    last_ns = packet.record.timestamp_ns;
  });
  CHECK(count == 10000);
  CHECK(steps == std::set<std::uint32_t>{6});
  CHECK(any_nonzero);
  // 10000 packets of 125 us span 1.25 s, less one packet time.
  CHECK(last_ns - first_ns > 1'240'000'000ULL);
  CHECK(last_ns - first_ns < 1'260'000'000ULL);
}

TEST_CASE("the Evertz closed-caption capture alternates empty marker packets and a CDP on line 10") {
  std::size_t empty = 0;
  std::size_t captions = 0;
  const std::size_t count = for_each_rtp_packet("zoo_ST2110-40-Closed_Captions.pcap", [&](const Packet& packet) {
    REQUIRE(packet.view.ip.destination.to_string() == "239.1.40.1");
    REQUIRE(packet.view.udp.destination_port == 5000);
    REQUIRE(packet.view.rtp.payload_type == 100);
    const auto anc = anc_packets_of(packet);
    if (anc.empty()) {
      REQUIRE(packet.view.rtp.marker);
      ++empty;
      return;
    }
    REQUIRE(anc.size() == 1);
    REQUIRE(anc[0].line == 10);
    REQUIRE(anc[0].did == 0x61);
    REQUIRE(anc[0].sdid == 0x01);
    REQUIRE(anc[0].user_data_parity_errors == 0);
    // A CEA-708 CDP starts with its identifier 0x9669.
    REQUIRE((anc[0].user_data[0] & 0xff) == 0x96);
    REQUIRE((anc[0].user_data[1] & 0xff) == 0x69);
    ++captions;
  });
  CHECK(count == 3599);
  CHECK(empty + captions == 3599);
  CHECK(empty >= 1799);
  CHECK(captions >= 1799);
}

TEST_CASE("the Mellanox ANC capture carries ATC on lines 9 and 10 and a CDP in every packet") {
  std::map<std::pair<int, int>, std::set<std::uint16_t>> lines_by_id;
  const std::size_t count = for_each_rtp_packet("zoo_misc_anc_2110-40.pcap", [&](const Packet& packet) {
    REQUIRE(packet.view.ip.destination.to_string() == "239.0.0.10");
    REQUIRE(packet.view.udp.destination_port == 5010);
    const auto anc = anc_packets_of(packet);
    REQUIRE(anc.size() == 3);
    for (const auto& p : anc) {
      REQUIRE(p.user_data_parity_errors == 0);
      lines_by_id[{p.did, p.sdid}].insert(p.line);
    }
  });
  CHECK(count == 1799);
  CHECK(lines_by_id.size() == 2);
  CHECK(lines_by_id[{0x60, 0x60}] == std::set<std::uint16_t>{9, 10});
  CHECK(lines_by_id.count({0x61, 0x01}) == 1);
}

TEST_CASE("the Embrionix 1080i ANC capture signals both fields and carries ATC and CDP") {
  std::set<AncField> fields;
  std::set<std::pair<int, int>> ids;
  const std::size_t count = for_each_rtp_packet("pilist_2110-40_5994i.pcap", [&](const Packet& packet) {
    AncPayloadHeader header;
    for (const auto& p : anc_packets_of(packet, &header)) ids.insert({p.did, p.sdid});
    fields.insert(header.field);
  });
  CHECK(count == 90);
  CHECK(fields == std::set<AncField>{AncField::kFirstField, AncField::kSecondField});
  CHECK(ids.count({0x60, 0x60}) == 1);
  CHECK(ids.count({0x61, 0x01}) == 1);
}

TEST_CASE("the Xilinx ANC capture with RTP padding parses with the padding left out") {
  std::size_t padded = 0;
  std::size_t anc_packets = 0;
  const std::size_t count = for_each_rtp_packet("pilist_anc_with_some_rtp_padding.pcap", [&](const Packet& packet) {
    if (packet.view.rtp.padding) {
      ++padded;
      REQUIRE(packet.view.rtp.padding_length > 0);
    }
    anc_packets += anc_packets_of(packet).size();
  });
  CHECK(count == 50);
  CHECK(padded == 17);
  CHECK(anc_packets > 0);
}

TEST_CASE("the empty-but-valid ANC capture has ANC_Count 0 and the marker on every packet") {
  // Captured at the sender before checksum offload: every IPv4 checksum field is 0.
  const std::size_t count = for_each_rtp_packet("pilist_empty_data_but_valid.pcap", [&](const Packet& packet) {
    REQUIRE(packet.view.ip.checksum_unset);
    AncPayloadHeader header;
    REQUIRE(anc_packets_of(packet, &header).empty());
    REQUIRE(header.anc_count == 0);
    REQUIRE(packet.view.rtp.marker);
  });
  CHECK(count == 50);
}

TEST_CASE("the PTP captures hold no RTP and every frame is refused with a reason, not a crash") {
  for (const char* name : {"pilist_PTP_clock.pcap", "pilist_wireshark-wiki_ptpv2.pcap", "tcpdump_ptp.pcap",
                           "tcpdump_ptp_ethernet.pcap", "tcpdump_ptp_v2_1.pcap", "tcpdump_ptp_management.pcap",
                           "tcpdump_ptp_corrections.pcap"}) {
    INFO(name);
    auto reader = capture::PcapReader::open(capture_path(name));
    REQUIRE(reader.has_value());
    std::size_t records = 0;
    while (auto record = reader->next()) {
      ++records;
      auto view = parse_rtp_packet(record->bytes, record->original_length);
      // PTP over UDP is RTP-shaped only by accident: version bits 0 (PTPv2's first octet) say otherwise.
      if (view) CHECK(view->udp.destination_port != 319);
    }
    CHECK(reader->error().empty());
    CHECK(records > 0);
  }
}
