// PTP analysis: per domain the masters and their Announce contents with the ST 2059-2 SM TLV, the BMCA's
// choice over time, rates against announced intervals, Sync/Follow_Up and Delay_Req/Resp pairing,
// Management errors, profile checks; and the capture clock's offset from PTP time applied to media.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cap_test_support.hpp"
#include "frame_builder.hpp"
#include "ptp_wire.hpp"

using namespace crosspoint;
using namespace crosspoint::cap;
using cap_test::UdpEnds;

namespace {

ptp::PortIdentity port_of(std::uint8_t last) {
  ptp::PortIdentity port;
  port.clock.octets = {0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, last};
  port.port = 1;
  return port;
}

std::vector<std::uint8_t> ptp_frame(const ptp::Message& message) {
  std::vector<std::uint8_t> bytes(ptp::kMaxMessageLength);
  const auto length = ptp::encode_message(message, bytes);
  REQUIRE(length);
  bytes.resize(*length);
  UdpEnds ends;
  ends.destination = 0xE0000181;  // 224.0.1.129
  ends.source_port = ends.destination_port = ptp::is_event(message.header.type) ? 319 : 320;
  return cap_test::udp_frame(ends, bytes);
}

ptp::Message message(ptp::MessageType type, ptp::PortIdentity source, std::uint16_t sequence, std::int8_t log,
                     ptp::MessageBody body) {
  ptp::Message m;
  m.header.type = type;
  m.header.domain = 127;
  m.header.source = source;
  m.header.sequence_id = sequence;
  m.header.log_message_interval = log;
  m.body = std::move(body);
  return m;
}

ptp::Announce announce_of(std::uint8_t priority1, ptp::PortIdentity gm, bool with_sm) {
  ptp::Announce a;
  a.grandmaster_priority1 = priority1;
  a.grandmaster_identity = gm.clock;
  a.grandmaster_quality.clock_class = 6;
  a.grandmaster_quality.clock_accuracy = 0x21;
  a.time_source = 0x20;
  a.current_utc_offset = 37;
  if (with_sm) a.synchronization_metadata = ptp::SynchronizationMetadata{};
  return a;
}

}  // namespace

TEST_CASE("PTP beside media: masters, the BMCA's choice, pairing, management errors and the capture clock",
          "[ptp]") {
  cap_test::ScratchDir dir("ptp");
  const std::string file = dir.file("ptp_and_video.pcap");
  const auto video = cap_test::read_all(cap_test::committed_capture("video_320x180p50.pcap"));
  REQUIRE_FALSE(video.empty());
  // The capture clock runs 1.5 ms ahead of PTP time.
  constexpr std::uint64_t kAhead = 1'500'000;
  const std::uint64_t start = video.front().timestamp_ns - 100'000'000;
  const ptp::PortIdentity a = port_of(0xa), b = port_of(0xb), slave = port_of(0x5);
  std::vector<std::pair<std::uint64_t, std::vector<std::uint8_t>>> frames;
  for (const auto& record : video) frames.emplace_back(record.timestamp_ns + kAhead, record.bytes);
  for (std::uint16_t i = 0; i < 16; ++i) {  // 2 s of Sync at 2^-3 s, two-step
    const std::uint64_t t = start + i * 125'000'000ULL;
    auto sync = message(ptp::MessageType::kSync, a, i, -3, ptp::Sync{});
    sync.header.flags = ptp::flags::kTwoStep;
    frames.emplace_back(t + kAhead, ptp_frame(sync));
    // The last Sync's Follow_Up is lost.
    if (i != 15) {
      frames.emplace_back(t + kAhead + 20'000, ptp_frame(message(ptp::MessageType::kFollowUp, a, i, -3,
                                                                 ptp::FollowUp{PtpTime::from_nanos(t)})));
    }
  }
  for (std::uint16_t i = 0; i < 12; ++i) {  // 3 s of Announce at 2^-2 s; B, better, speaks at 0.5 s and 0.75 s only
    const std::uint64_t t = start + i * 250'000'000ULL + 1'000;
    frames.emplace_back(t + kAhead, ptp_frame(message(ptp::MessageType::kAnnounce, a, i, -2, announce_of(128, a, true))));
    if (i >= 2 && i < 4) {
      frames.emplace_back(t + kAhead + 10, ptp_frame(message(ptp::MessageType::kAnnounce, b, i, -2, announce_of(100, b, false))));
    }
  }
  for (std::uint16_t i = 0; i < 3; ++i) {  // three Delay_Req, the last one unanswered
    const std::uint64_t t = start + i * 125'000'000ULL + 50'000;
    frames.emplace_back(t, ptp_frame(message(ptp::MessageType::kDelayReq, slave, i, 0x7f, ptp::DelayReq{})));
    if (i < 2) {
      frames.emplace_back(t + 30'000, ptp_frame(message(ptp::MessageType::kDelayResp, a, i, -3,
                                                        ptp::DelayResp{PtpTime::from_nanos(t), slave})));
    }
  }
  {
    ptp::Management get;
    get.action = ptp::ManagementAction::kGet;
    get.id = ptp::ManagementId::kClockDescription;
    ptp::Management refused = get;
    refused.action = ptp::ManagementAction::kResponse;
    refused.error = ptp::ManagementErrorId::kNoSuchId;
    frames.emplace_back(start + 7, ptp_frame(message(ptp::MessageType::kManagement, slave, 1, 0x7f, get)));
    frames.emplace_back(start + 8, ptp_frame(message(ptp::MessageType::kManagement, a, 1, 0x7f, refused)));
  }
  std::stable_sort(frames.begin(), frames.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  {
    auto writer = capture::PcapWriter::create(file);
    REQUIRE(writer);
    for (const auto& [t, bytes] : frames) REQUIRE(writer->write(t, bytes));
    REQUIRE(writer->close());
  }

  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.ptp);
  const PtpReport& ptp_report = *report.ptp;
  CHECK(ptp_report.undecodable.empty());
  REQUIRE(ptp_report.domains.size() == 1);
  const PtpDomainReport& domain = ptp_report.domains[0];
  CHECK(domain.domain == 127);
  CHECK(domain.messages.at("Sync") == 16);
  CHECK(domain.messages.at("Follow_Up") == 15);
  REQUIRE(domain.masters.size() == 2);
  const PtpMasterReport& master = domain.masters[0];  // a sorts before b
  CHECK(master.port_identity == a.to_string());
  CHECK(master.two_step == std::optional<bool>(true));
  CHECK(master.clock_class == 6);
  CHECK(master.current_utc_offset == 37);
  CHECK(master.sm_tlv);
  CHECK(master.sync.announced_log_interval == -3);
  CHECK(master.sync.measured_interval_s == Approx(0.125));
  CHECK(master.sync.within_tolerance);
  CHECK(master.announce.measured_interval_s == Approx(0.25));
  CHECK(master.syncs_without_follow_up == 1);
  CHECK(master.follow_ups_without_sync == 0);
  CHECK_FALSE(domain.masters[1].sm_tlv);
  // The BMCA: A, then B (priority1 100) while it announces, then A again once B's Announces time out.
  REQUIRE(domain.best_master.size() == 3);
  CHECK(domain.best_master[0].port_identity == a.to_string());
  CHECK(domain.best_master[1].port_identity == b.to_string());
  CHECK(domain.best_master[2].port_identity == a.to_string());
  CHECK(domain.delay_requests == 3);
  CHECK(domain.delay_requests_unanswered == 1);
  CHECK(domain.management_errors.at("no_such_id") == 1);
  // B announces no SM TLV: the profile check says so; A's intervals are within ST 2059-2's ranges.
  CHECK(domain.st2059_2_findings.size() == 1);
  CHECK(domain.st2059_2_findings[0].find("SM TLV") != std::string::npos);
  // The capture clock: 1.5 ms ahead, read from the Follow_Up timestamps.
  REQUIRE(ptp_report.capture_clock);
  CHECK(ptp_report.capture_clock->offset_ns == Approx(1'500'000.0));
  CHECK(ptp_report.capture_clock->samples == 15);
  // Media against PTP time match the original capture's figures (which was written in PTP time).
  const CaptureReport original = cap_test::analyze(cap_test::committed_capture("video_320x180p50.pcap"));
  const FlowReport& flow = cap_test::only_flow(report, DetectedMedia::kVideo);
  REQUIRE(flow.cadence.packet_to_rtp_ptp_us);
  CHECK(flow.cadence.packet_to_rtp_ptp_us->min == Approx(original.flows[0].cadence.packet_to_rtp_us.min));
  CHECK(flow.cadence.packet_to_rtp_us.min == Approx(original.flows[0].cadence.packet_to_rtp_us.min + 1500.0));
}

TEST_CASE("the third-party PTP captures: masters, two-step pairing, management and domains", "[ptp]") {
  {
    const CaptureReport report = cap_test::analyze(cap_test::third_party_capture("pilist_PTP_clock.pcap"));
    REQUIRE(report.ptp);
    REQUIRE(report.ptp->domains.size() == 1);
    const PtpDomainReport& d = report.ptp->domains[0];
    CHECK(d.domain == 0);
    REQUIRE(d.masters.size() == 1);
    CHECK(d.masters[0].two_step == std::optional<bool>(true));
    CHECK(d.masters[0].sync.announced_log_interval == -3);
    CHECK(d.masters[0].syncs_without_follow_up == 0);
    CHECK(d.delay_requests == 2);
    CHECK(d.delay_requests_unanswered == 0);
    REQUIRE(report.ptp->capture_clock);
  }
  {
    const CaptureReport report = cap_test::analyze(cap_test::third_party_capture("tcpdump_ptp_ethernet.pcap"));
    REQUIRE(report.ptp);
    const PtpDomainReport& d = report.ptp->domains.at(0);
    REQUIRE(d.masters.size() == 1);
    const PtpMasterReport& m = d.masters[0];
    CHECK(m.announce.messages == 35);
    CHECK(m.announce.within_tolerance);
    CHECK(m.sync.messages == 70);
    CHECK(m.follow_ups == 70);
    CHECK(m.syncs_without_follow_up == 0);
    CHECK(m.priority1 == 0);
    CHECK(d.best_master.size() == 1);
    // logSyncInterval 0 and no SM TLV: not the ST 2059-2 profile.
    CHECK(d.st2059_2_findings.size() == 2);
  }
  {
    const CaptureReport report = cap_test::analyze(cap_test::third_party_capture("tcpdump_ptp_management.pcap"));
    REQUIRE(report.ptp);
    const PtpDomainReport& d = report.ptp->domains.at(0);
    CHECK(d.messages.at("Management") == 10);
    CHECK(d.management.at("get DEFAULT_DATA_SET") == 1);
    CHECK(d.management.at("response DEFAULT_DATA_SET") == 1);
    CHECK(d.management_errors.empty());
  }
  {
    const CaptureReport report = cap_test::analyze(cap_test::third_party_capture("tcpdump_ptp_corrections.pcap"));
    REQUIRE(report.ptp);
    CHECK(report.ptp->domains.at(0).domain == 44);
    CHECK(report.ptp->domains.at(0).masters.at(0).two_step == std::optional<bool>(false));
  }
}

TEST_CASE("100000 Syncs: the capture-clock offset from evenly kept samples, its range and count exact", "[ptp]") {
  cap_test::ScratchDir dir("ptp-long");
  const std::string file = dir.file("syncs.pcap");
  const ptp::PortIdentity master = port_of(0xa);
  constexpr std::uint64_t kSyncs = 100'000;
  {
    auto writer = capture::PcapWriter::create(file);
    REQUIRE(writer);
    for (std::uint64_t i = 0; i < kSyncs; ++i) {
      // One-step Syncs every 2^-7 s; the capture clock 1 ms ahead, plus 0..999 ns that cycle.
      const std::uint64_t origin = 1'767'225'637'000'000'000ULL + i * 7'812'500;
      const std::uint64_t seen = origin + 1'000'000 + (i * 7) % 1000;
      const auto sync = message(ptp::MessageType::kSync, master, static_cast<std::uint16_t>(i), -7,
                                ptp::Sync{PtpTime::from_nanos(static_cast<std::int64_t>(origin))});
      REQUIRE(writer->write(seen, ptp_frame(sync)));
    }
    REQUIRE(writer->close());
  }
  const CaptureReport report = cap_test::analyze(file);
  REQUIRE(report.ptp);
  REQUIRE(report.ptp->capture_clock);
  const CaptureClockOffset& offset = *report.ptp->capture_clock;
  CHECK(offset.samples == kSyncs);
  CHECK(offset.min_ns == 1'000'000);
  CHECK(offset.max_ns == 1'000'999);
  // The kept samples are every other one, which cycle through the same 0..999 ns: the median is the middle.
  CHECK(offset.offset_ns == Approx(1'000'500).margin(2));
  CHECK_FALSE(report.ptp->offset_series.values.empty());
}
