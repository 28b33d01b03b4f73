// The engine's other paths on a real EAL: ST 2022-7 merge, fan-out by reference, malformed packets,
// ARP and IGMP, and pcap replay and record through net_pcap.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <filesystem>
#include <set>
#include <thread>

#include <rte_mempool.h>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "test_dpdk.hpp"
#include "two_port_rig.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;
using st2110::MediaType;

TEST_CASE("ST 2022-7: legs with different losses merge to a complete flow; losses on both legs stay losses") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "protected";
  input.legs = {InputLeg{"red", spec.destination, spec.udp_port, std::nullopt},
                InputLeg{"blue", spec.destination, spec.udp_port, std::nullopt}};
  input.merge_window_packets = 1024;
  REQUIRE(rig.engine.add_input(input));
  const Ipv4Address group{0xEF141414};
  REQUIRE(rig.engine.add_output(output_to("out", "red", group)));
  REQUIRE(rig.engine.arm_route("out", std::string("protected")));

  const std::set<std::uint64_t> red_lost{5, 17, 30, 31, 32, 50};
  const std::set<std::uint64_t> blue_lost{10, 40, 50};
  constexpr std::uint64_t kPackets = 80;
  std::uint64_t sent = 0;
  for (std::uint64_t i = 0; i < kPackets; ++i) {
    // Blue runs a packet behind red, as a longer path would.
    if (red_lost.count(i) == 0) {
      rig.red.send(stream.packet(i));
      ++sent;
    }
    if (i > 0 && blue_lost.count(i - 1) == 0) {
      rig.blue.send(stream.packet(i - 1));
      ++sent;
    }
    rig.wait_received(sent);
  }
  rig.blue.send(stream.packet(kPackets - 1));
  rig.wait_received(++sent);

  const auto out = rtp_packets(rig.red.take_sent(), group);
  REQUIRE(out.size() == kPackets - 1);  // only packet 50, lost on both legs, is missing
  std::set<std::uint32_t> packets_seen;
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(sequence_of(out[i], MediaType::kVideo) == i);  // the output renumbers without a gap
    const PacketIdentity id = identify(out[i], MediaType::kVideo);
    packets_seen.insert(id.frame * spec.packets_per_frame + id.packet);
  }
  CHECK(packets_seen.size() == kPackets - 1);
  CHECK(packets_seen.count(50) == 0);

  const EngineStats stats = rig.engine.stats();
  const InputStats& merged = stats.inputs[0];
  CHECK(merged.packets == kPackets - 1);
  CHECK(merged.lost == 1);
  CHECK(merged.legs[0].lost == red_lost.size());
  CHECK(merged.legs[1].lost == blue_lost.size());
  CHECK(merged.legs[0].recovered == red_lost.size() - 1);
  CHECK(merged.legs[1].recovered == blue_lost.size() - 1);
  CHECK(merged.legs[0].packets + merged.legs[1].packets == sent);
  CHECK(merged.legs[0].duplicates + merged.legs[1].duplicates == sent - (kPackets - 1));
  CHECK(merged.drops[static_cast<std::size_t>(DropReason::kDuplicate)] == sent - (kPackets - 1));
  rig.engine.stop();
}

TEST_CASE("fan-out: one input feeds eight outputs with identical payloads and no mbuf leaks") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  const unsigned test_pool_before = rte_mempool_in_use_count(test_mempool());
  const std::uint64_t engine_before = rig.engine.mbufs_in_use();
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "camera";
  input.legs = {InputLeg{"red", spec.destination, spec.udp_port, std::nullopt}};
  REQUIRE(rig.engine.add_input(input));
  for (std::uint32_t o = 0; o < 8; ++o) {
    OutputConfig output = output_to("out" + std::to_string(o), o % 2 == 0 ? "red" : "blue", Ipv4Address{0xEF1E0000 + o});
    output.ssrc = 0x100 + o;
    if (o == 7) {  // and one output sent on both ports (ST 2022-7 duplication)
      output.legs.push_back(OutputLeg{"red", Ipv4Address{0xEF1F0007}, std::nullopt, std::nullopt, 5004, 5004});
    }
    REQUIRE(rig.engine.add_output(output));
    REQUIRE(rig.engine.arm_route(output.id, std::string("camera")));
  }
  constexpr std::uint64_t kPackets = 8 * 20;
  for (std::uint64_t i = 0; i < kPackets; ++i) rig.red.send(stream.packet(i));
  rig.wait_received(kPackets);

  std::vector<Frame> all = rig.red.take_sent();
  for (Frame& f : rig.blue.take_sent()) all.push_back(std::move(f));
  const auto views = rtp_packets(std::move(all));
  for (std::uint32_t o = 0; o < 9; ++o) {
    const Ipv4Address group{o < 8 ? 0xEF1E0000 + o : 0xEF1F0007};
    std::vector<const st2110::RtpPacketView*> mine;
    for (const auto& v : views) {
      if (v.ip.destination == group) mine.push_back(&v);
    }
    REQUIRE(mine.size() == kPackets);
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const Frame original = stream.packet(i);
      const auto in = st2110::parse_rtp_packet(st2110::Bytes{original});
      const auto a = media_payload(*mine[i], MediaType::kVideo);
      const auto b = media_payload(*in, MediaType::kVideo);
      REQUIRE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
      CHECK(mine[i]->rtp.ssrc == 0x100 + (o < 8 ? o : 7));
      CHECK(sequence_of(*mine[i], MediaType::kVideo) == i);
      CHECK(mine[i]->ip.total_length == in->ip.total_length);
    }
  }
  const EngineStats stats = rig.engine.stats();
  for (const OutputStats& o : stats.outputs) {
    CHECK(o.drops[static_cast<std::size_t>(DropReason::kMempoolExhausted)] == 0);
  }
  // Every mbuf the engine took, and every test frame, is back in its pool.
  CHECK(rte_mempool_in_use_count(test_mempool()) == test_pool_before);
  CHECK(rig.engine.mbufs_in_use() == engine_before);
  rig.engine.stop();
}

namespace {

void refresh_ip_checksum(Frame& f) {
  const std::size_t ihl = static_cast<std::size_t>(f[14] & 0x0f) * 4;
  if (f.size() < 14 + ihl || ihl < 20) return;
  st2110::store_be16(&f[24], 0);
  st2110::store_be16(&f[24], st2110::internet_checksum(st2110::Bytes{&f[14], ihl}));
}

}  // namespace

TEST_CASE("malformed packets are counted by reason and the good flow is unharmed") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "camera";
  input.legs = {InputLeg{"red", spec.destination, spec.udp_port, std::nullopt}};
  REQUIRE(rig.engine.add_input(input));
  const Ipv4Address group{0xEF282828};
  REQUIRE(rig.engine.add_output(output_to("out", "blue", group)));
  REQUIRE(rig.engine.arm_route("out", std::string("camera")));

  const Frame good = stream.packet(0);
  std::vector<std::pair<Frame, DropReason>> bad;
  auto mutate = [&](DropReason reason, auto change) {
    Frame f = good;
    change(f);
    bad.emplace_back(std::move(f), reason);
  };
  using st2110::ParseError;
  mutate(drop_reason_of(ParseError::kTruncatedEthernet), [](Frame& f) { f.resize(10); });
  mutate(drop_reason_of(ParseError::kTruncatedVlan), [](Frame& f) {
    st2110::store_be16(&f[12], st2110::kEtherTypeVlan);
    f.resize(16);
  });
  mutate(drop_reason_of(ParseError::kNotIpv4), [](Frame& f) { st2110::store_be16(&f[12], 0x86DD); });
  mutate(drop_reason_of(ParseError::kTruncatedIpv4), [](Frame& f) { f.resize(14 + 12); });
  mutate(drop_reason_of(ParseError::kBadIpVersion), [](Frame& f) { f[14] = 0x65; refresh_ip_checksum(f); });
  mutate(drop_reason_of(ParseError::kBadIpHeaderLength), [](Frame& f) { f[14] = 0x44; });
  mutate(drop_reason_of(ParseError::kBadIpTotalLength), [](Frame& f) { st2110::store_be16(&f[16], 9000); refresh_ip_checksum(f); });
  mutate(drop_reason_of(ParseError::kBadIpChecksum), [](Frame& f) { f[24] ^= 0x55; });
  mutate(drop_reason_of(ParseError::kIpFragment), [](Frame& f) { st2110::store_be16(&f[20], 0x2000); refresh_ip_checksum(f); });
  mutate(drop_reason_of(ParseError::kNotUdp), [](Frame& f) { f[23] = 6; refresh_ip_checksum(f); });
  mutate(drop_reason_of(ParseError::kTruncatedUdp), [](Frame& f) {
    f.resize(14 + 20 + 4);
    st2110::store_be16(&f[16], 24);
    refresh_ip_checksum(f);
  });
  mutate(drop_reason_of(ParseError::kBadUdpLength), [](Frame& f) { st2110::store_be16(&f[38], 4); });
  mutate(drop_reason_of(ParseError::kTruncatedRtp), [](Frame& f) {
    f.resize(14 + 20 + 8 + 6);
    st2110::store_be16(&f[16], 34);
    st2110::store_be16(&f[38], 14);
    refresh_ip_checksum(f);
  });
  mutate(drop_reason_of(ParseError::kBadRtpVersion), [](Frame& f) { f[42] = 0x00; });  // non-RTP UDP
  mutate(drop_reason_of(ParseError::kTruncatedPayloadHeader), [](Frame& f) {
    f.resize(14 + 20 + 8 + 12 + 1);
    st2110::store_be16(&f[16], 20 + 8 + 13);
    st2110::store_be16(&f[38], 8 + 13);
    refresh_ip_checksum(f);
  });
  mutate(DropReason::kUnmatchedFlow, [](Frame& f) { st2110::store_be16(&f[36], 6000); });
  mutate(DropReason::kArpNotForUs, [](Frame& f) {
    f.assign(60, 0);
    st2110::store_be16(&f[12], st2110::kEtherTypeArp);
  });

  constexpr std::uint64_t kPackets = 8 * 6;
  std::uint64_t sent = 0;
  for (std::uint64_t i = 0; i < kPackets; ++i) {
    rig.red.send(stream.packet(i));
    ++sent;
    if (i < bad.size()) {
      rig.red.send(bad[i].first);
      ++sent;
    }
  }
  rig.wait_received(sent);
  const auto out = rtp_packets(rig.blue.take_sent(), group);
  REQUIRE(out.size() == kPackets);
  for (std::size_t i = 0; i < out.size(); ++i) CHECK(sequence_of(out[i], MediaType::kVideo) == i);
  const EngineStats stats = rig.engine.stats();
  DropCounts expected{};
  for (const auto& [frame, reason] : bad) ++expected[static_cast<std::size_t>(reason)];
  for (std::size_t r = 0; r < kDropReasonCount; ++r) {
    INFO(to_string(static_cast<DropReason>(r)));
    CHECK(stats.ports[0].drops[r] == expected[r]);
  }
  CHECK(stats.inputs[0].packets == kPackets);
  CHECK(stats.inputs[0].sequence_errors == 0);
  rig.red.take_sent();  // the IGMP join for the input's group
  CHECK(rig.engine.mbufs_in_use() == 0);
  rig.engine.stop();
}

TEST_CASE("a port answers ARP for its address and sends IGMPv3 joins and leaves for its inputs") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  InputConfig input;
  input.id = "ssm";
  input.legs = {InputLeg{"red", Ipv4Address{0xE8010101}, 5004, Ipv4Address{0xC0000207}}};  // 232.1.1.1 from 192.0.2.7
  REQUIRE(rig.engine.add_input(input));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].igmp_reports >= 1; }));
  REQUIRE(rig.engine.remove_input("ssm"));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].igmp_reports >= 2; }));
  const std::vector<Frame> reports = rig.red.wait_sent(2);
  REQUIRE(reports.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto ip = st2110::parse_ipv4(st2110::Bytes{reports[i]}.subspan(14));
    REQUIRE(ip);
    CHECK(ip->protocol == st2110::kIpProtocolIgmp);
    CHECK(ip->source == kRedAddress);
    CHECK(ip->destination == Ipv4Address{0xE0000016});
    const std::uint8_t* record = &reports[i][14 + 24 + 8];
    CHECK(record[0] == (i == 0 ? 5 : 6));  // ALLOW_NEW_SOURCES, then BLOCK_OLD_SOURCES
    CHECK(st2110::load_be32(record + 4) == 0xE8010101);
    CHECK(st2110::load_be32(record + 8) == 0xC0000207);
  }

  Frame request(60, 0);
  for (int i = 0; i < 6; ++i) request[i] = 0xff;
  request[11] = 9;
  st2110::store_be16(&request[12], st2110::kEtherTypeArp);
  const std::uint8_t arp[] = {0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 9, 192, 0, 2, 9, 0, 0, 0, 0, 0, 0, 192, 0, 2, 102};
  std::copy(std::begin(arp), std::end(arp), request.begin() + 14);
  rig.blue.send(request);
  const std::vector<Frame> replies = rig.blue.wait_sent(1);
  REQUIRE(!replies.empty());
  CHECK(replies[0][5] == 9);
  CHECK(st2110::load_be16(&replies[0][20]) == 2);
  CHECK(replies[0][11] == 2);  // blue's MAC 02:00:00:00:02:02
  CHECK(rig.engine.stats().ports[1].arp_replies == 1);
  rig.engine.stop();
}

namespace {

// An IGMP membership query as a querier sends it: to 224.0.0.1, IPv4 TTL 1, IGMPv3 (12 octets) or v2 (8).
Frame igmp_query_frame(std::uint32_t group, std::uint8_t max_response_code, bool v3) {
  const std::size_t igmp_length = v3 ? 12 : 8;
  Frame frame(14 + 20 + igmp_length, 0);
  st2110::EthernetHeader ethernet;
  ethernet.destination = st2110::MacAddress::for_ipv4_multicast(0xE0000001);
  ethernet.source = st2110::MacAddress{{2, 0, 0, 0, 0, 0xfe}};
  ethernet.ether_type = st2110::kEtherTypeIpv4;
  st2110::write_ethernet(frame, ethernet);
  st2110::Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(20 + igmp_length);
  ip.ttl = 1;
  ip.protocol = st2110::kIpProtocolIgmp;
  ip.source = Ipv4Address{0xC00002FE};
  ip.destination = Ipv4Address{0xE0000001};
  st2110::write_ipv4(std::span(frame).subspan(14), ip);
  std::uint8_t* igmp = &frame[34];
  igmp[0] = 0x11;
  igmp[1] = max_response_code;
  st2110::store_be32(igmp + 4, group);
  st2110::store_be16(igmp + 2, st2110::internet_checksum(st2110::Bytes{igmp, igmp_length}));
  return frame;
}

}  // namespace

TEST_CASE("a port answers IGMP queries with the groups its inputs listen to, within Max Resp Time") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  InputConfig ssm;
  ssm.id = "ssm";
  ssm.legs = {InputLeg{"red", Ipv4Address{0xE8010101}, 5004, Ipv4Address{0xC0000207}}};  // 232.1.1.1 from 192.0.2.7
  REQUIRE(rig.engine.add_input(ssm));
  InputConfig asm_input;
  asm_input.id = "asm";
  asm_input.legs = {InputLeg{"red", Ipv4Address{0xEF010102}, 5004, std::nullopt}};  // 239.1.1.2, any source
  REQUIRE(rig.engine.add_input(asm_input));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].igmp_reports >= 2; }));
  rig.red.take_sent();  // the joins

  // An IGMPv3 general query with Max Resp Time 0.5 s: one report, both groups in their current state.
  const auto asked = std::chrono::steady_clock::now();
  rig.red.send(igmp_query_frame(0, 5, true));
  std::vector<Frame> answers = rig.red.wait_sent(1);
  // Within Max Resp Time, give or take the 10 ms poll and a loaded machine's scheduling.
  CHECK(std::chrono::steady_clock::now() - asked < std::chrono::milliseconds(500 + 400));
  REQUIRE(answers.size() == 1);
  const auto ip = st2110::parse_ipv4(st2110::Bytes{answers[0]}.subspan(14));
  REQUIRE(ip);
  CHECK(ip->destination == Ipv4Address{0xE0000016});
  CHECK(ip->source == kRedAddress);
  const std::uint8_t* igmp = &answers[0][14 + ip->header_length];
  REQUIRE(igmp[0] == 0x22);
  REQUIRE(st2110::load_be16(igmp + 6) == 2);
  std::map<std::uint32_t, std::pair<int, std::vector<std::uint32_t>>> records;
  const std::uint8_t* record = igmp + 8;
  for (int r = 0; r < 2; ++r) {
    const unsigned sources = st2110::load_be16(record + 2);
    auto& entry = records[st2110::load_be32(record + 4)];
    entry.first = record[0];
    for (unsigned i = 0; i < sources; ++i) entry.second.push_back(st2110::load_be32(record + 8 + 4 * i));
    record += 8 + 4 * sources;
  }
  CHECK(records[0xE8010101] == std::pair<int, std::vector<std::uint32_t>>{1, {0xC0000207}});  // MODE_IS_INCLUDE
  CHECK(records[0xEF010102] == std::pair<int, std::vector<std::uint32_t>>{2, {}});            // MODE_IS_EXCLUDE

  // An IGMPv2 group-specific query for the any-source group: an IGMPv2 report sent to that group.
  rig.red.send(igmp_query_frame(0xEF010102, 5, false));
  answers = rig.red.wait_sent(1);
  REQUIRE(answers.size() == 1);
  const auto v2 = st2110::parse_ipv4(st2110::Bytes{answers[0]}.subspan(14));
  REQUIRE(v2);
  CHECK(v2->destination == Ipv4Address{0xEF010102});
  CHECK(answers[0][14 + v2->header_length] == 0x16);

  // A query for a group nobody listens to gets no answer; the queries were counted.
  rig.red.send(igmp_query_frame(0xEF0101FF, 2, true));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(rig.red.take_sent().empty());
  const EngineStats stats = rig.engine.stats();
  CHECK(stats.ports[0].igmp_queries == 3);
  CHECK(stats.ports[0].igmp_reports == 4);
  CHECK(stats.ports[0].drops[static_cast<std::size_t>(DropReason::kIgmp)] == 0);
  rig.engine.stop();
}

TEST_CASE("a flood of IGMP queries is heard or counted as backlog, one by one, never lost quietly") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  constexpr std::uint64_t kQueries = 4 * kQueryBacklog;
  // Group-specific queries for a group nobody listens to: nothing is answered, so only the counts speak.
  for (std::uint64_t i = 0; i < kQueries; ++i) rig.red.send(igmp_query_frame(0xEF0101FF, 100, true));
  rig.wait_received(kQueries);
  const EngineStats stats = rig.engine.stats();
  const std::uint64_t backlog = stats.ports[0].drops[static_cast<std::size_t>(DropReason::kQueryBacklog)];
  CHECK(stats.ports[0].igmp_queries + backlog == kQueries);
  CHECK(stats.ports[0].igmp_queries >= kQueryBacklog);
  CHECK(stats.ports[0].drops[static_cast<std::size_t>(DropReason::kIgmp)] == 0);
  rig.engine.stop();
}

TEST_CASE("a capture replayed through net_pcap is recorded with every frame intact and payload identical") {
  ensure_eal();
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-engine-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string in_path = (dir / "in.pcap").string();
  const std::string out_path = (dir / "out.pcap").string();
  StreamSpec a_spec;
  a_spec.tag = 1;
  StreamSpec b_spec;
  b_spec.tag = 2;
  b_spec.destination = Ipv4Address{0xEF010102};
  b_spec.media = MediaType::kAudio;
  b_spec.payload_bytes = 288;
  StreamBuilder a(a_spec);
  StreamBuilder b(b_spec);
  constexpr std::uint64_t kPackets = 8 * 30;
  {
    auto writer = capture::PcapWriter::create(in_path);
    REQUIRE(writer);
    for (std::uint64_t i = 0; i < kPackets; ++i) {
      writer->write(1'000'000'000ULL + i * 1000, a.packet(i));
      writer->write(1'000'000'500ULL + i * 1000, b.packet(i));
    }
  }
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"pcap", "net_pcap_xp0,rx_pcap=" + in_path + ",tx_pcap=" + out_path,
                                    std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  InputConfig video;
  video.id = "video";
  video.legs = {InputLeg{"pcap", a_spec.destination, 5004, std::nullopt}};
  InputConfig audio;
  audio.id = "audio";
  audio.media = MediaType::kAudio;
  audio.legs = {InputLeg{"pcap", b_spec.destination, 5004, std::nullopt}};
  REQUIRE(engine.add_input(video));
  REQUIRE(engine.add_input(audio));
  OutputConfig video_out = output_to("video-out", "pcap", Ipv4Address{0xEF323232});
  OutputConfig audio_out = output_to("audio-out", "pcap", Ipv4Address{0xEF323233});
  audio_out.media = MediaType::kAudio;
  REQUIRE(engine.add_output(video_out));
  REQUIRE(engine.add_output(audio_out));
  // Armed before start: the first packets are routed.
  REQUIRE(engine.arm_route("video-out", std::string("video")));
  REQUIRE(engine.arm_route("audio-out", std::string("audio")));
  REQUIRE(engine.start());
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= 2 * kPackets; }));
  engine.stop();  // closes the recording

  auto reader = capture::PcapReader::open(out_path);
  REQUIRE(reader);
  std::vector<Frame> recorded;
  while (auto record = reader->next()) recorded.emplace_back(record->bytes.begin(), record->bytes.end());
  const auto video_views = rtp_packets(recorded, Ipv4Address{0xEF323232});
  const auto audio_views = rtp_packets(recorded, Ipv4Address{0xEF323233});
  REQUIRE(video_views.size() == kPackets);
  REQUIRE(audio_views.size() == kPackets);
  for (std::size_t i = 0; i < kPackets; ++i) {
    CHECK(sequence_of(video_views[i], MediaType::kVideo) == i);
    CHECK(audio_views[i].rtp.sequence == i);
    const PacketIdentity id = identify(video_views[i], MediaType::kVideo);
    CHECK(id.frame * 8 + id.packet == i);
    const Frame original = a.packet(i);
    const auto in = st2110::parse_rtp_packet(st2110::Bytes{original});
    const auto x = media_payload(video_views[i], MediaType::kVideo);
    const auto y = media_payload(*in, MediaType::kVideo);
    CHECK(std::equal(x.begin(), x.end(), y.begin(), y.end()));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the replay port paces a capture by its timestamps, or loops it as fast as the engine takes it") {
  ensure_eal();
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-replay-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string in_path = (dir / "paced.pcap").string();
  StreamSpec spec;
  StreamBuilder stream(spec);
  constexpr std::uint64_t kPackets = 8 * 25;
  constexpr std::uint64_t kSpacingNs = 1'000'000;  // one packet a millisecond: 200 ms in all
  {
    auto writer = capture::PcapWriter::create(in_path);
    REQUIRE(writer);
    for (std::uint64_t i = 0; i < kPackets; ++i) writer->write(5'000'000'000ULL + i * kSpacingNs, stream.packet(i));
  }
  ClockModel clock;
  RingPort sink;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"replay", "replay:xp_replay0,file=" + in_path + ",paced", std::nullopt, {}});
  config.ports.push_back(PortConfig{"out", sink.name(), std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  InputConfig input;
  input.id = "camera";
  input.legs = {InputLeg{"replay", spec.destination, spec.udp_port, std::nullopt}};
  const Ipv4Address group{0xEF3C3C3C};
  // The replay's flow routed to the sink, as each engine below is configured.
  const auto route_camera = [&](Engine& e) {
    REQUIRE(e.add_input(input));
    REQUIRE(e.add_output(output_to("out", "out", group)));
    REQUIRE(e.arm_route("out", std::string("camera")));
  };
  route_camera(engine);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(engine.start());
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= kPackets; }));
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  // No frame goes out before its offset in the capture: the whole replay takes at least its span.
  CHECK(elapsed >= std::chrono::nanoseconds((kPackets - 1) * kSpacingNs));
  const auto out = rtp_packets(sink.take_sent(), group);
  CHECK(out.size() == kPackets);
  engine.stop();

  // Looping as fast as possible: more packets than the file holds, every one routed.
  EngineConfig looping = test_engine_config();
  looping.ports.push_back(PortConfig{"replay", "replay:xp_replay1,file=" + in_path + ",loop", std::nullopt, {}});
  looping.ports.push_back(PortConfig{"out", sink.name(), std::nullopt, Ipv4Address{0xC0000264}});
  RingPort sink2;
  looping.ports[1].device = sink2.name();
  Engine fast(looping, clock);
  route_camera(fast);
  REQUIRE(fast.start());
  std::uint64_t taken = 0;
  REQUIRE(wait_until([&] {
    taken += sink2.take_sent().size();
    return fast.stats().ports[0].rx_packets >= 3 * kPackets;
  }));
  const EngineStats looped = fast.stats();
  fast.stop();
  taken += sink2.take_sent().size();
  CHECK(looped.outputs[0].packets >= 2 * kPackets);
  CHECK(taken >= looped.outputs[0].packets);

  // Held (as the daemon starts them): nothing plays until play_replays(), so the routes added after start()
  // carry the capture from its first packet.
  EngineConfig held = test_engine_config();
  held.hold_replays = true;
  RingPort sink3;
  held.ports.push_back(PortConfig{"replay", "replay:xp_replay2,file=" + in_path + ",paced", std::nullopt, {}});
  held.ports.push_back(PortConfig{"out", sink3.name(), std::nullopt, Ipv4Address{0xC0000264}});
  Engine later(held, clock);
  REQUIRE(later.start());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(later.stats().ports[0].rx_packets == 0);
  route_camera(later);
  later.play_replays();
  REQUIRE(wait_until([&] { return later.stats().ports[0].rx_packets >= kPackets; }));
  REQUIRE(wait_until([&] { return later.stats().outputs[0].packets >= kPackets; }));
  CHECK(rtp_packets(sink3.take_sent(), group).size() == kPackets);
  later.stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE("two looping paced replays of frame bursts keep their rate, the mbufs they hold bounded") {
  ensure_eal();
  // As the default daemon runs: each replay thread sends a 1080p-sized frame as one burst every 40 ms, two
  // threads at once (both pinned, as the main lcore is, to one CPU), into inputs routed to net_null.
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-replay-burst-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  constexpr std::uint64_t kPacketsPerFrame = 4320;
  constexpr std::uint64_t kFrames = 4;
  constexpr std::uint64_t kFrameNs = 40'000'000;
  constexpr std::uint64_t kPackets = kPacketsPerFrame * kFrames;
  ClockModel clock;
  EngineConfig config = test_engine_config();
  std::vector<StreamSpec> specs(2);
  for (std::size_t s = 0; s < specs.size(); ++s) {
    specs[s].tag = static_cast<std::uint8_t>(s + 1);
    specs[s].destination = Ipv4Address{static_cast<std::uint32_t>(0xEF010101 + s)};
    specs[s].packets_per_frame = kPacketsPerFrame;
    const std::string path = (dir / ("burst" + std::to_string(s) + ".pcap")).string();
    {
      auto writer = capture::PcapWriter::create(path);
      REQUIRE(writer);
      StreamBuilder stream(specs[s]);
      for (std::uint64_t i = 0; i < kPackets; ++i) {
        writer->write(5'000'000'000ULL + (i / kPacketsPerFrame) * kFrameNs, stream.packet(i));
      }
    }
    config.ports.push_back(PortConfig{"replay" + std::to_string(s),
                                      "replay:xp_burst" + std::to_string(s) + ",file=" + path + ",paced,loop",
                                      std::nullopt, {}});
  }
  config.ports.push_back(PortConfig{"out", "net_null_burst,no-rx=1", std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  for (std::size_t s = 0; s < specs.size(); ++s) {
    InputConfig input;
    input.id = "camera" + std::to_string(s);
    input.legs = {InputLeg{"replay" + std::to_string(s), specs[s].destination, specs[s].udp_port, std::nullopt}};
    REQUIRE(engine.add_input(input));
    REQUIRE(engine.add_output(output_to("out" + std::to_string(s), "out", Ipv4Address{static_cast<std::uint32_t>(0xEF3C3C00 + s)})));
    REQUIRE(engine.arm_route("out" + std::to_string(s), input.id));
  }
  REQUIRE(engine.start());
  // Three passes of the file each, then three more: at the paced rate a pass takes 160 ms; allow a loaded
  // machine ten times that. A replay stalled on its pool gets a few packets a second.
  for (std::uint64_t target : {3 * kPackets, 6 * kPackets}) {
    const bool reached = wait_until(
        [&] {
          const EngineStats stats = engine.stats();
          return stats.inputs[0].packets >= target && stats.inputs[1].packets >= target;
        },
        std::chrono::milliseconds(10 * 160 * 3));
    const EngineStats stats = engine.stats();
    INFO("inputs received " << stats.inputs[0].packets << " and " << stats.inputs[1].packets << " of " << target);
    CHECK(reached);
    // What is held at once is at most the replay rings' worth of frames and a burst or so in the engine.
    CHECK(engine.mbufs_in_use() <= 2 * 2 * 4096);
  }
  const EngineStats stats = engine.stats();
  engine.stop();
  CHECK(stats.outputs[0].packets + stats.outputs[1].packets >= 2 * 5 * kPackets);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a unicast output without a configured MAC asks ARP, holds its packets back (counted) until the reply, "
          "then sends to the MAC it learnt") {
  TwoPortRig rig;
  REQUIRE(rig.engine.start());
  StreamSpec spec;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "camera";
  input.legs = {InputLeg{"red", spec.destination, spec.udp_port, std::nullopt}};
  REQUIRE(rig.engine.add_input(input));
  const Ipv4Address host{0xC0000232};  // 192.0.2.50, on blue's subnet
  REQUIRE(rig.engine.add_output(output_to("unicast", "blue", host)));
  REQUIRE(rig.engine.arm_route("unicast", std::string("camera")));

  // The request: broadcast, "who has 192.0.2.50, tell 192.0.2.102".
  std::optional<Frame> request;
  REQUIRE(wait_until([&] {
    for (Frame& f : rig.blue.take_sent()) {
      if (f.size() >= 42 && st2110::load_be16(&f[12]) == st2110::kEtherTypeArp) request = f;
    }
    return request.has_value();
  }));
  CHECK((*request)[0] == 0xff);
  CHECK(st2110::load_be16(&(*request)[20]) == 1);
  CHECK(st2110::load_be32(&(*request)[28]) == kBlueAddress.value);
  CHECK(st2110::load_be32(&(*request)[38]) == host.value);
  CHECK(rig.engine.stats().ports[1].igmp_reports == 0);  // an ARP request is no IGMP report

  for (std::uint64_t i = 0; i < 8; ++i) rig.red.send(stream.packet(i));
  rig.wait_received(8);
  CHECK(rtp_packets(rig.blue.take_sent()).empty());
  EngineStats stats = rig.engine.stats();
  CHECK(stats.outputs[0].packets == 0);
  CHECK(stats.outputs[0].drops[static_cast<std::size_t>(DropReason::kUnresolvedDestination)] == 8);

  const st2110::MacAddress host_mac{{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}};
  Frame reply(60, 0);
  std::copy(&(*request)[6], &(*request)[12], reply.begin());  // to blue
  std::copy(host_mac.octets.begin(), host_mac.octets.end(), reply.begin() + 6);
  st2110::store_be16(&reply[12], st2110::kEtherTypeArp);
  const std::uint8_t header[] = {0, 1, 8, 0, 6, 4, 0, 2};
  std::copy(std::begin(header), std::end(header), reply.begin() + 14);
  std::copy(host_mac.octets.begin(), host_mac.octets.end(), reply.begin() + 22);
  st2110::store_be32(&reply[28], host.value);
  std::copy(&(*request)[6], &(*request)[12], reply.begin() + 32);
  st2110::store_be32(&reply[38], kBlueAddress.value);
  rig.blue.send(reply);
  std::vector<st2110::RtpPacketView> sent;
  std::uint64_t next = 8;
  REQUIRE(wait_until([&] {
    rig.red.send(stream.packet(next++));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (const auto& view : rtp_packets(rig.blue.take_sent(), host)) sent.push_back(view);
    return !sent.empty();
  }));
  REQUIRE(wait_until([&] { return rig.engine.stats().ports[0].rx_packets >= next; }));
  for (const auto& view : rtp_packets(rig.blue.take_sent(), host)) sent.push_back(view);
  for (const auto& view : sent) {
    CHECK(view.ethernet.destination == host_mac);
    CHECK(view.ip.destination == host);
  }
  stats = rig.engine.stats();
  CHECK(stats.outputs[0].packets == sent.size());
  CHECK(stats.outputs[0].drops[static_cast<std::size_t>(DropReason::kUnresolvedDestination)] == next - sent.size());
  rig.engine.stop();
}
