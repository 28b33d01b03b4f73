// The engine on a kernel interface through net_af_packet: a veth pair whose far end lives in a network
// namespace the test creates (the only addresses are inside it). A sender in the namespace feeds a flow,
// tcpdump in the namespace sees the engine's IGMP join and leave, its ARP reply and the routed flow.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "skip.hpp"
#include "test_dpdk.hpp"
#include "veth_namespace.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

TEST_CASE("live over net_af_packet on a veth pair: IGMP join seen, ARP answered, traffic routed", "[needs-netns]") {
  ensure_eal();
  if (run("command -v tcpdump") != 0) CROSSPOINT_SKIP("tcpdump is not installed");
  VethNamespace veth;
  if (!veth.ready) {
    CROSSPOINT_SKIP("cannot create a network namespace with a veth pair (needs root and CAP_NET_ADMIN)");
  }
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-live-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string capture = (dir / "ns.pcap").string();
  const pid_t tcpdump = fork();
  if (tcpdump == 0) {
    execlp("ip", "ip", "netns", "exec", veth.ns.c_str(), "tcpdump", "-i", veth.inside.c_str(), "-U", "-nn", "-w",
           capture.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(tcpdump > 0);
  REQUIRE(wait_until([&] { return std::filesystem::exists(capture); }, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  ClockModel clock;
  EngineConfig config = test_engine_config();
  const Ipv4Address port_address{0xC0000264};  // 192.0.2.100
  config.ports.push_back(PortConfig{"live", "net_af_packet_xp0,iface=" + veth.outside, std::nullopt, port_address});
  Engine engine(config, clock);
  StreamSpec spec;
  spec.payload_bytes = 1200;
  StreamBuilder stream(spec);
  InputConfig input;
  input.id = "camera";
  input.legs = {InputLeg{"live", spec.destination, spec.udp_port, std::nullopt}};
  REQUIRE(engine.add_input(input));
  OutputConfig output;
  output.id = "program";
  const Ipv4Address group{0xEF090909};
  output.legs = {OutputLeg{"live", group, std::nullopt, std::nullopt, 5004, 5004}};
  REQUIRE(engine.add_output(output));
  REQUIRE(engine.arm_route("program", std::string("camera")));
  // With the namespace made, an engine that will not start on its veth end is a failure, not a skip.
  const auto started = engine.start();
  if (!started) {
    kill(tcpdump, SIGINT);
    waitpid(tcpdump, nullptr, 0);
    FAIL("net_af_packet would not start: " << started.error().message);
  }

  constexpr std::uint64_t kPackets = 8 * 10;
  std::vector<Frame> frames;
  for (std::uint64_t i = 0; i < kPackets; ++i) frames.push_back(stream.packet(i));
  // And an ARP request for the port's address, as the namespace's stack would send.
  Frame arp(42, 0);
  for (int i = 0; i < 6; ++i) arp[i] = 0xff;
  arp[11] = 0x33;
  st2110::store_be16(&arp[12], st2110::kEtherTypeArp);
  const std::uint8_t request[] = {0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 0x33, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 192, 0, 2, 100};
  std::copy(std::begin(request), std::end(request), arp.begin() + 14);
  frames.push_back(arp);
  REQUIRE(send_in_namespace(veth, frames));
  CHECK(wait_until([&] { return engine.stats().inputs[0].packets >= kPackets; }));
  CHECK(wait_until([&] { return engine.stats().ports[0].arp_replies >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  engine.stop();  // sends the IGMP leave
  // What tcpdump has written so far (it writes each packet as it arrives; a loaded machine schedules it late).
  struct Seen {
    std::size_t joins = 0, leaves = 0, routed = 0, arp_replies = 0;
  };
  const auto tally = [&] {
    Seen seen;
    auto reader = capture::PcapReader::open(capture);
    if (!reader) return seen;
    while (auto record = reader->next()) {
      const st2110::Bytes f = record->bytes;
      if (f.size() >= 42 && st2110::load_be16(f.data() + 12) == st2110::kEtherTypeArp &&
          st2110::load_be16(f.data() + 20) == 2 && st2110::load_be32(f.data() + 28) == port_address.value) {
        ++seen.arp_replies;
      }
      auto ip = st2110::parse_ipv4(f.subspan(14));
      if (!ip) continue;
      if (ip->protocol == st2110::kIpProtocolIgmp && ip->source == port_address && f.size() >= 14 + 24 + 16) {
        const std::uint8_t* record_start = f.data() + 14 + ip->header_length + 8;
        if (st2110::load_be32(record_start + 4) == spec.destination.value) {
          if (record_start[0] == 4) ++seen.joins;
          if (record_start[0] == 3) ++seen.leaves;
        }
      }
      auto view = st2110::parse_rtp_packet(f);
      if (view && view->ip.destination == group && view->ip.source == port_address) ++seen.routed;
    }
    return seen;
  };
  wait_until([&] { return tally().leaves >= 1; }, std::chrono::seconds(5));
  kill(tcpdump, SIGINT);
  waitpid(tcpdump, nullptr, 0);

  const auto [joins, leaves, routed, arp_replies] = tally();
  CHECK(joins >= 1);
  CHECK(leaves >= 1);
  CHECK(arp_replies == 1);
  CHECK(routed == kPackets);
  std::filesystem::remove_all(dir);
}
