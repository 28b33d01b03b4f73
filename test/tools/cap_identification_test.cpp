// crosspoint-cap never guesses wrong: non-media UDP is counted by kind and never becomes a flow, RTP counts
// only when several packets agree, JPEG XS is compressed video, unknown RTP stays unknown with its
// figures, a cut capture is read from what remains, and every inference says how sure it is.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <random>

#include "cap_test_support.hpp"
#include "crosspoint/st2110/rfc9134.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "frame_builder.hpp"
#include <nlohmann/json.hpp>

using namespace crosspoint::cap;
using namespace crosspoint::st2110;
using cap_test::UdpEnds;

namespace {

constexpr std::uint64_t kStart = 1'767'225'637'000'000'000ULL;

UdpEnds service(std::uint16_t port) {
  UdpEnds ends;
  ends.destination = 0x0A000002;
  ends.source_port = 40000;
  ends.destination_port = port;
  return ends;
}

// JPEG XS frames of `packets` packets of `payload` octets, 25 frames/s, codestream or slice packetization.
void write_jpeg_xs(crosspoint::capture::PcapWriter& writer, JpegXsPacketization mode, std::uint32_t frames,
                   std::uint32_t packets, std::size_t payload) {
  UdpEnds ends;
  ends.destination = 0xEF160001;
  ends.destination_port = 5022;
  std::vector<std::uint8_t> data(payload, 0x5a);
  std::uint16_t sequence = 100;
  for (std::uint32_t f = 0; f < frames; ++f) {
    for (std::uint32_t p = 0; p < packets; ++p) {
      RtpHeader rtp;
      rtp.payload_type = 112;
      rtp.ssrc = 0x22;
      rtp.sequence = sequence++;
      rtp.timestamp = 1000 + f * 3600;
      rtp.marker = p + 1 == packets;
      JpegXsPayloadHeader header;
      header.packetization = mode;
      header.last_in_unit = mode == JpegXsPacketization::kSlice || p + 1 == packets;
      header.frame_counter = static_cast<std::uint8_t>(f & 0x1f);
      // Slice mode: one slice per packet, SEP counts slices, P restarts in each.
      header.sep_counter = static_cast<std::uint16_t>(mode == JpegXsPacketization::kSlice ? p : 0);
      header.packet_counter = static_cast<std::uint16_t>(mode == JpegXsPacketization::kSlice ? 0 : p);
      write_jpeg_xs_header(data, header);
      data[4] = p == 0 ? 0xff : 0x5a;  // SOC opens each frame's codestream
      data[5] = p == 0 ? 0x10 : 0x5a;
      const auto frame = cap_test::rtp_frame(ends, rtp, data);
      REQUIRE(writer.write(kStart + f * 40'000'000ULL + p * 1'000'000ULL, frame));
    }
  }
}

// 50 RTP packets of one constant payload: timestamps `ticks` apart, written `spacing_ns` apart.
void write_constant_rtp(const std::string& file, std::uint8_t payload_type, std::uint32_t ssrc,
                        const std::vector<std::uint8_t>& payload, std::uint32_t ticks, std::uint64_t spacing_ns) {
  auto writer = crosspoint::capture::PcapWriter::create(file);
  REQUIRE(writer);
  for (std::uint32_t i = 0; i < 50; ++i) {
    RtpHeader rtp;
    rtp.payload_type = payload_type;
    rtp.ssrc = ssrc;
    rtp.sequence = static_cast<std::uint16_t>(i);
    rtp.timestamp = i * ticks;
    REQUIRE(writer->write(kStart + i * spacing_ns, cap_test::rtp_frame(UdpEnds{}, rtp, payload)));
  }
  REQUIRE(writer->close());
}

}  // namespace

TEST_CASE("DNS, mDNS, NTP, PTP, SNMP, syslog and random UDP are counted by kind, never as media", "[identify]") {
  cap_test::ScratchDir dir("services");
  const std::string file = dir.file("services.pcap");
  const auto audio = cap_test::read_all(cap_test::committed_capture("audio_l24_8ch_125us.pcap"));
  REQUIRE(audio.size() == 1600);
  {
    auto writer = crosspoint::capture::PcapWriter::create(file);
    REQUIRE(writer);
    std::mt19937 random(7);
    std::vector<std::uint8_t> payload(120);
    std::size_t next_audio = 0;
    for (int i = 0; i < 40; ++i) {
      // Service payloads that parse as RTP version 2 with a stable "SSRC" and "payload type".
      std::fill(payload.begin(), payload.end(), 0);
      payload[0] = 0x80;
      payload[1] = 0x60;
      payload[3] = static_cast<std::uint8_t>(i);  // even a stepping "sequence": the port says what it is
      for (const std::uint16_t port : {53, 5353, 123, 161, 514, 320}) {
        REQUIRE(writer->write(kStart + i * 1000, cap_test::udp_frame(service(port), payload)));
      }
      // Random octets with the RTP version bits: a quarter of random UDP parses as RTP.
      for (auto& octet : payload) octet = static_cast<std::uint8_t>(random());
      payload[0] = 0x80;
      REQUIRE(writer->write(kStart + i * 1000 + 1, cap_test::udp_frame(service(40000), payload)));
      // RTP-shaped with a stuck sequence number: not a stream.
      std::fill(payload.begin(), payload.end(), 0x11);
      payload[0] = 0x80;
      payload[1] = 0x60;
      REQUIRE(writer->write(kStart + i * 1000 + 2, cap_test::udp_frame(service(40002), payload)));
      for (int k = 0; k < 40 && next_audio < audio.size(); ++k, ++next_audio) {
        REQUIRE(writer->write(audio[next_audio].timestamp_ns, audio[next_audio].bytes));
      }
    }
    REQUIRE(writer->close());
  }
  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.flows.size() == 1);
  CHECK(report.flows[0].media == DetectedMedia::kAudio);
  CHECK(report.flows[0].packets == 1600);
  CHECK(report.non_rtp.dns == 40);
  CHECK(report.non_rtp.mdns == 40);
  CHECK(report.non_rtp.ntp == 40);
  CHECK(report.non_rtp.snmp == 40);
  CHECK(report.non_rtp.syslog == 40);
  CHECK(report.non_rtp.ptp == 40);
  CHECK(report.non_rtp.unconfirmed_rtp + report.non_rtp.other_udp == 80);
  CHECK(report.records == 1600 + 8 * 40);
}

TEST_CASE("JPEG XS is ST 2110-22 compressed video with its packetization mode and bit rate", "[identify]") {
  for (const auto mode : {JpegXsPacketization::kCodestream, JpegXsPacketization::kSlice}) {
    INFO(to_string(mode));
    cap_test::ScratchDir dir("jxs");
    const std::string file = dir.file("jxs.pcap");
    {
      auto writer = crosspoint::capture::PcapWriter::create(file);
      REQUIRE(writer);
      write_jpeg_xs(*writer, mode, 6, 10, 1000);
      REQUIRE(writer->close());
    }
    const CaptureReport report = cap_test::analyze(file);
    REQUIRE(report.flows.size() == 1);
    const FlowReport& flow = report.flows[0];
    CHECK(flow.media == DetectedMedia::kCompressedVideo);
    CHECK(flow.media_inference.confidence == 1.0);
    CHECK_FALSE(flow.video);
    CHECK_FALSE(flow.audio);
    REQUIRE(flow.compressed);
    CHECK(flow.compressed->packetization == to_string(mode));
    CHECK(flow.compressed->frames == 6);
    CHECK(flow.compressed->codestream_starts == 6);
    CHECK(flow.compressed->counter_errors == 0);
    CHECK(flow.compressed->frame_rate == crosspoint::Rational{25, 1});
    // 10 packets of 996 codestream octets, 25 times a second.
    CHECK(flow.compressed->bit_rate_bps == Approx(10 * 996 * 8 * 25.0));
    CHECK(flow.payload_errors == 0);
  }
}

TEST_CASE("an RTP payload that is no ST 2110 format is unknown, with its figures", "[identify]") {
  cap_test::ScratchDir dir("unknown");
  const std::string file = dir.file("g711.pcap");
  // G.711 A-law silence: one octet per sample, 20 ms packets.
  write_constant_rtp(file, 8, 0x711, std::vector<std::uint8_t>(160, 0xd5), 160, 20'000'000ULL);
  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.flows.size() == 1);
  const FlowReport& flow = report.flows[0];
  CHECK(flow.media == DetectedMedia::kUnknown);
  CHECK_FALSE(flow.audio);
  CHECK(flow.packets == 50);
  CHECK(flow.packets_per_second == Approx(50.0));
  CHECK(flow.bit_rate_bps == Approx(64000.0));
  CHECK(flow.payload_octets.min == 160);
  CHECK(flow.cadence.timestamp_step.mean == 160);
}

TEST_CASE("PCM recorded unpaced (a router's output written in bursts) is audio, at a confidence that says so",
          "[identify]") {
  cap_test::ScratchDir dir("burst-audio");
  const std::string file = dir.file("burst.pcap");
  // 1 ms packets of L24 stereo at 48 kHz: 50 ms of audio written within 50 us, as net_pcap records what a
  // worker sends in one burst.
  write_constant_rtp(file, 97, 0x30, std::vector<std::uint8_t>(288, 0x11), 48, 1'000ULL);
  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.flows.size() == 1);
  const FlowReport& flow = report.flows[0];
  CHECK(flow.media == DetectedMedia::kAudio);
  CHECK(flow.media_inference.confidence == Approx(0.6));
  CHECK(std::find(flow.media_inference.alternatives.begin(), flow.media_inference.alternatives.end(), "unknown") !=
        flow.media_inference.alternatives.end());
}

TEST_CASE("a capture cut by its snap length is identified from what remains and says it is truncated",
          "[identify]") {
  cap_test::ScratchDir dir("snap");
  for (const char* name : {"anc_5994.pcap", "video_320x180p50.pcap", "audio_l24_8ch_125us.pcap"}) {
    INFO(name);
    const std::string whole = cap_test::committed_capture(name);
    const std::string cut = dir.file(std::string("cut_") + name);
    {
      // 70 octets keep the headers, the ANC payload header and a little of the first ANC packet.
      auto writer = crosspoint::capture::PcapWriter::create(cut, 70);
      REQUIRE(writer);
      for (const auto& record : cap_test::read_all(whole)) REQUIRE(writer->write(record.timestamp_ns, record.bytes));
      REQUIRE(writer->close());
    }
    const CaptureReport full = cap_test::analyze(whole);
    const CaptureReport report = cap_test::analyze(cut);
    CHECK(report.truncated());
    CHECK(report.snap_length == 70);
    CHECK(report.snap_truncated_records == report.records);
    REQUIRE(report.flows.size() == full.flows.size());
    const FlowReport& a = full.flows[0];
    const FlowReport& b = report.flows[0];
    CHECK(b.media == a.media);
    CHECK(b.packets == a.packets);
    CHECK(b.payload_errors == 0);
    CHECK(b.truncated_packets == b.packets);
    CHECK(b.payload_octets.mean == a.payload_octets.mean);  // the wire's lengths, not the kept octets
    if (a.video) {
      REQUIRE(b.video);
      CHECK(b.video->width == a.video->width);
      CHECK(b.video->height == a.video->height);
      CHECK(b.video->sampling == a.video->sampling);
    }
    if (a.audio) {
      REQUIRE(b.audio);
      CHECK(b.audio->channels == a.audio->channels);
      CHECK(b.audio->encoding == a.audio->encoding);
    }
    if (a.anc) {
      REQUIRE(b.anc);
      CHECK(b.anc->errors.empty());
      CHECK(b.anc->cut_anc_packets == a.anc->anc_packets);
    }
  }
}

TEST_CASE("a damaged ANC payload is counted against its DID/SDID; the flow stays ancillary", "[identify]") {
  cap_test::ScratchDir dir("anc-damage");
  const std::string file = dir.file("damaged.pcap");
  auto records = cap_test::read_all(cap_test::committed_capture("anc_5994.pcap"));
  REQUIRE(records.size() == 60);
  {
    auto writer = crosspoint::capture::PcapWriter::create(file);
    REQUIRE(writer);
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto bytes = records[i].bytes;
      if (i == 10 || i == 30) {
        // A bit of the first ANC packet's second user data word (after the location word, DID, SDID, DC).
        const auto view = parse_rtp_packet(Bytes(bytes));
        REQUIRE(view);
        const std::size_t at = view->rtp_offset + view->rtp.header_length + 8 + 4 + 5;
        bytes[at] ^= 0x01;
      }
      REQUIRE(writer->write(records[i].timestamp_ns, bytes));
    }
    REQUIRE(writer->close());
  }
  const CaptureReport report = cap_test::analyze(file);
  const FlowReport& flow = cap_test::only_flow(report, DetectedMedia::kAncillary);
  REQUIRE(flow.anc);
  CHECK(flow.anc->errors.at("bad_anc_checksum") == 2);
  const auto atc = std::find_if(flow.anc->data_ids.begin(), flow.anc->data_ids.end(),
                                [](const AncDataIdCount& id) { return id.did == 0x60 && id.sdid == 0x60; });
  REQUIRE(atc != flow.anc->data_ids.end());
  CHECK(atc->errors.at("bad_anc_checksum") == 2);
}

TEST_CASE("without an SDP every third-party capture's format is inferred right, and says how sure it is",
          "[identify]") {
  {
    const std::string file = cap_test::third_party_capture("pilist_eemebe_t_1080i59_hdr128.pcap");
    REQUIRE_FALSE(file.empty());
    const CaptureReport report = cap_test::analyze(file);
    CHECK(report.truncated());
    const FlowReport& flow = cap_test::only_flow(report, DetectedMedia::kVideo);
    CHECK(flow.media_inference.confidence == 1.0);
    REQUIRE(flow.video);
    CHECK_FALSE(flow.video->sampling_from_sdp);
    CHECK(flow.video->sampling == "YCbCr-4:2:2");
    CHECK(flow.video->depth == "10");
    CHECK(flow.video->sampling_inference.confidence > 0.9);
    CHECK(flow.video->sampling_inference.alternatives.empty());
  }
  {
    const std::string file = cap_test::third_party_capture("pilist_l24_48000_8ch_0125.pcap");
    REQUIRE_FALSE(file.empty());
    const CaptureReport report = cap_test::analyze(file);
    const FlowReport& flow = cap_test::only_flow(report, DetectedMedia::kAudio);
    REQUIRE(flow.audio);
    CHECK(flow.audio->encoding == "L24");
    CHECK(flow.audio->channels == 8);
    CHECK(flow.audio->measured_sample_rate == 48000);
    // 24 octets a period could be L16 x 12: the samples' smooth top octets say L24.
    CHECK(flow.audio->format_inference.confidence >= 0.9);
    CHECK(flow.audio->format_inference.alternatives == std::vector<std::string>{"L16 12 ch"});
  }
  for (const char* name : {"zoo_ST2110-40-Closed_Captions.pcap", "zoo_misc_anc_2110-40.pcap", "pilist_2110-40_5994i.pcap",
                           "pilist_anc_with_some_rtp_padding.pcap", "pilist_empty_data_but_valid.pcap"}) {
    INFO(name);
    const std::string file = cap_test::third_party_capture(name);
    REQUIRE_FALSE(file.empty());
    const CaptureReport report = cap_test::analyze(file);
    REQUIRE(report.flows.size() == 1);
    CHECK(report.flows[0].media == DetectedMedia::kAncillary);
    CHECK(report.flows[0].media_inference.confidence == 1.0);
  }
}

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CaptureReport analyze_with_sdp(const std::string& pcap, const std::string& sdp_text) {
  auto sdp = parse_sdp(sdp_text);
  REQUIRE(sdp);
  return analyze_capture(pcap, *sdp);
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("--sdp reports every disagreement between the stream and its SDP", "[identify]") {
  const std::string programme = cap_test::committed_capture("programme_320x180p50.pcap");
  const std::string sdp_path = cap_test::committed_capture("programme_320x180p50.sdp");
  {
    const CaptureReport report = analyze_with_sdp(programme, read_text(sdp_path));
    REQUIRE(report.flows.size() == 3);
    for (const FlowReport& flow : report.flows) {
      INFO(to_string(flow.media));
      CHECK(flow.sdp_disagreements.empty());
      CHECK(flow.media_from_sdp);
    }
    CHECK(report.sdp_disagreements.empty());
  }
  std::string wrong = read_text(sdp_path);
  replace(wrong, "width=320", "width=640");
  replace(wrong, "sampling=YCbCr-4:2:2", "sampling=YCbCr-4:4:4");
  replace(wrong, "L24/48000/2", "L24/48000/4");
  replace(wrong, "a=ptime:1", "a=ptime:0.125");
  wrong += "m=video 6000 RTP/AVP 96\r\nc=IN IP4 239.9.9.9/64\r\na=rtpmap:96 raw/90000\r\n"
           "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; colorimetry=BT709; "
           "PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\r\n";
  const CaptureReport report = analyze_with_sdp(programme, wrong);
  std::vector<std::string> all;
  for (const FlowReport& flow : report.flows) all.insert(all.end(), flow.sdp_disagreements.begin(), flow.sdp_disagreements.end());
  const auto mentions = [&](const std::string& field) {
    return std::any_of(all.begin(), all.end(), [&](const std::string& line) { return line.rfind(field, 0) == 0; });
  };
  INFO(nlohmann::json(all).dump());
  CHECK(mentions("width: SDP says 640, stream shows 320"));
  CHECK(mentions("sampling/depth density"));
  CHECK(mentions("octets per sample period"));
  CHECK(mentions("ptime"));
  CHECK(all.size() == 4);
  REQUIRE(report.sdp_disagreements.size() == 1);
  CHECK(report.sdp_disagreements[0].find("239.9.9.9:6000") != std::string::npos);
}
