// GET /metrics as the engine sees it: after a known replay through a real engine (EAL, ring ports), every
// counter of the engine's own stats appears in the exposition with the same value, under its documented name.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "crosspoint/engine/engine.hpp"
#include "metrics/daemon_metrics.hpp"
#include "metrics/prometheus_exposition.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;

namespace {

// "name{labels}" -> value, for every sample line of an exposition.
std::map<std::string, std::uint64_t> samples_of(const std::string& text) {
  std::map<std::string, std::uint64_t> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = static_cast<std::uint64_t>(std::stod(line.substr(space + 1)));
  }
  return samples;
}

std::string key(const std::string& name, const std::string& labels) { return name + "{" + labels + "}"; }

void check_drops(const std::map<std::string, std::uint64_t>& samples, const std::string& family,
                 const std::string& owner, const DropCounts& drops) {
  for (std::size_t i = 0; i < drops.size(); ++i) {
    const std::string sample = key(family, owner + ",reason=\"" + to_string(static_cast<DropReason>(i)) + "\"");
    INFO(sample);
    REQUIRE(samples.count(sample) == 1);
    CHECK(samples.at(sample) == drops[i]);
  }
}

void check(const std::map<std::string, std::uint64_t>& samples, const std::string& sample, std::uint64_t value) {
  INFO(sample);
  REQUIRE(samples.count(sample) == 1);
  CHECK(samples.at(sample) == value);
}

// Each named counter of `stats`, under `labels`.
template <typename Stats>
void check_all(const std::map<std::string, std::uint64_t>& samples, const std::string& labels, const Stats& stats,
               std::initializer_list<std::pair<const char*, std::uint64_t Stats::*>> counters) {
  for (const auto& [name, member] : counters) check(samples, key(name, labels), stats.*member);
}

}  // namespace

TEST_CASE("after a known replay every engine counter in /metrics equals the engine's own stats") {
  RingPort ring;
  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.ports.push_back(PortConfig{"net", ring.name(), st2110::MacAddress{{0x02, 0, 0, 0, 0, 0x64}},
                                    st2110::Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  REQUIRE(engine.start());
  StreamSpec cam_spec;
  InputConfig input;
  input.id = "cam";
  input.legs.push_back(InputLeg{"net", cam_spec.destination, cam_spec.udp_port, std::nullopt});
  REQUIRE(engine.add_input(input));
  OutputConfig output;
  output.id = "pgm";
  output.legs.push_back(OutputLeg{"net", st2110::Ipv4Address{0xEF0A0A0A}, std::nullopt, std::nullopt, 5010, 5020});
  output.ssrc = 0x1234;
  REQUIRE(engine.add_output(output));
  REQUIRE(engine.arm_route("pgm", std::string("cam")));

  // Three frames of eight packets with packet 12 missing, four packets of a flow nobody listens to, and two
  // frames too short to be Ethernet.
  StreamBuilder cam(cam_spec);
  StreamSpec stranger_spec;
  stranger_spec.destination = st2110::Ipv4Address{0xEF090909};
  StreamBuilder stranger(stranger_spec);
  for (std::uint64_t i = 0; i < 24; ++i)
    if (i != 12) ring.send(cam.packet(i));
  for (std::uint64_t i = 0; i < 4; ++i) ring.send(stranger.packet(i));
  ring.send(Frame(10, 0xAB));
  ring.send(Frame(6, 0xCD));
  REQUIRE(wait_until([&] { return engine.stats().ports[0].rx_packets >= 29; }));
  // Quiet: what went in has gone out, so the two reads below (the test's, the exposition's) agree.
  std::uint64_t sent = 0;
  REQUIRE(wait_until([&] {
    sent += ring.take_sent().size();
    const EngineStats now = engine.stats();
    return now.inputs[0].packets == 23 && now.ports[0].tx_packets == sent &&
           now.outputs[0].packets + now.ports[0].igmp_reports == sent;
  }));

  const EngineStats stats = engine.stats();
  const auto samples = samples_of(app::render_metrics({.engine = &engine}));

  SECTION("the replay is what the counters say") {
    CHECK(stats.ports[0].rx_packets == 29);
    CHECK(stats.inputs[0].packets == 23);
    CHECK(stats.inputs[0].frames == 3);
    CHECK(stats.inputs[0].lost == 1);
    CHECK(stats.ports[0].drops[static_cast<std::size_t>(DropReason::kUnmatchedFlow)] == 4);
    std::uint64_t malformed = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(DropReason::kFirstEngineReason); ++i) malformed += stats.ports[0].drops[i];
    CHECK(malformed == 2);
    CHECK(stats.outputs[0].switches == 1);
    CHECK(stats.outputs[0].packets == 23);
    check(samples, R"(crosspoint_input_packets_total{input="cam"})", 23);
    check(samples, R"(crosspoint_port_dropped_packets_total{port="net",reason="unmatched_flow"})", 4);
    check(samples, R"(crosspoint_output_route_input{output="pgm",input="cam"})", 1);
    check(samples, R"(crosspoint_output_route_armed{output="pgm"})", 0);
  }

  SECTION("ports") {
    for (const PortStats& port : stats.ports) {
      const std::string l = "port=\"" + port.name + "\"";
      check_all(samples, l, port,
                {{"crosspoint_port_received_packets_total", &PortStats::rx_packets},
                 {"crosspoint_port_received_bytes_total", &PortStats::rx_bytes},
                 {"crosspoint_port_transmitted_packets_total", &PortStats::tx_packets},
                 {"crosspoint_port_transmitted_bytes_total", &PortStats::tx_bytes},
                 {"crosspoint_port_arp_replies_total", &PortStats::arp_replies},
                 {"crosspoint_port_igmp_reports_total", &PortStats::igmp_reports},
                 {"crosspoint_port_igmp_queries_total", &PortStats::igmp_queries},
                 {"crosspoint_port_igmp_reports_unsent_total", &PortStats::igmp_reports_unsent},
                 {"crosspoint_port_device_rx_missed_packets_total", &PortStats::device_rx_missed},
                 {"crosspoint_port_device_tx_errors_total", &PortStats::device_tx_errors},
                 {"crosspoint_port_link_downs_total", &PortStats::link_downs}});
      check_drops(samples, "crosspoint_port_dropped_packets_total", l, port.drops);
    }
  }

  SECTION("inputs and their legs") {
    for (const InputStats& in : stats.inputs) {
      const std::string l = "input=\"" + in.id + "\"";
      check_all(samples, l, in,
                {{"crosspoint_input_packets_total", &InputStats::packets},
                 {"crosspoint_input_bytes_total", &InputStats::bytes},
                 {"crosspoint_input_frames_total", &InputStats::frames},
                 {"crosspoint_input_sequence_errors_total", &InputStats::sequence_errors},
                 {"crosspoint_input_lost_packets_total", &InputStats::lost}});
      check_drops(samples, "crosspoint_input_dropped_packets_total", l, in.drops);
      check_all(samples, l, in.tap,
                {{"crosspoint_input_tap_copied_packets_total", &TapStats::packets},
                 {"crosspoint_input_tap_units_total", &TapStats::units},
                 {"crosspoint_input_tap_dropped_packets_total", &TapStats::dropped}});
      for (std::size_t i = 0; i < in.legs.size(); ++i) {
        check_all(samples, l + ",leg=\"" + std::to_string(i) + "\",port=\"" + in.legs[i].port + "\"", in.legs[i],
                  {{"crosspoint_input_leg_packets_total", &LegStats::packets},
                   {"crosspoint_input_leg_bytes_total", &LegStats::bytes},
                   {"crosspoint_input_leg_lost_packets_total", &LegStats::lost},
                   {"crosspoint_input_leg_duplicate_packets_total", &LegStats::duplicates},
                   {"crosspoint_input_leg_recovered_packets_total", &LegStats::recovered}});
      }
    }
  }

  SECTION("outputs") {
    for (const OutputStats& out : stats.outputs) {
      const std::string l = "output=\"" + out.id + "\"";
      check_all(samples, l, out,
                {{"crosspoint_output_packets_total", &OutputStats::packets},
                 {"crosspoint_output_bytes_total", &OutputStats::bytes},
                 {"crosspoint_output_frames_total", &OutputStats::frames},
                 {"crosspoint_output_route_landings_total", &OutputStats::switches}});
      check_drops(samples, "crosspoint_output_dropped_packets_total", l, out.drops);
      check_all(samples, l, out.tap,
                {{"crosspoint_output_tap_copied_packets_total", &TapStats::packets},
                 {"crosspoint_output_tap_units_total", &TapStats::units},
                 {"crosspoint_output_tap_dropped_packets_total", &TapStats::dropped}});
      check_all(samples, l, out.pacing,
                {{"crosspoint_output_pacing_late_packets_total", &PacingStats::late},
                 {"crosspoint_output_pacing_overrun_packets_total", &PacingStats::overruns},
                 {"crosspoint_output_pacing_unaligned_total", &PacingStats::unaligned},
                 {"crosspoint_output_pacing_queue_depth_packets", &PacingStats::queue_depth},
                 {"crosspoint_output_pacing_queue_depth_max_packets", &PacingStats::queue_depth_max}});
    }
  }

  SECTION("threads") {
    REQUIRE(stats.threads.size() == 1);
    CHECK(stats.threads[0].name == "worker 0");
    // Off-core time grows between the two reads; the stalls of an idle test worker stay where they were.
    const std::string l = R"(thread="worker 0")";
    CHECK(samples.count(key("crosspoint_engine_thread_off_core_seconds_total", l)) == 1);
    CHECK(samples.count(key("crosspoint_engine_thread_stall_max_seconds", l)) == 1);
    CHECK(samples.at(key("crosspoint_engine_thread_stalls_total", l)) >= stats.threads[0].stalls);
  }
}

TEST_CASE("label values are escaped and families keep their samples together") {
  app::PrometheusExposition out;
  auto& first = out.family("crosspoint_a_total", app::MetricType::kCounter, "A \\ help\nline");
  out.family("crosspoint_b", app::MetricType::kGauge, "B").sample({}, 0.5);
  first.sample({{"input", "say \"hi\"\\\n"}}, std::uint64_t{3});
  out.family("crosspoint_a_total", app::MetricType::kCounter, "ignored").sample({{"input", "x"}}, std::uint64_t{4});
  CHECK(out.text() ==
        "# HELP crosspoint_a_total A \\\\ help\\nline\n"
        "# TYPE crosspoint_a_total counter\n"
        "crosspoint_a_total{input=\"say \\\"hi\\\"\\\\\\n\"} 3\n"
        "crosspoint_a_total{input=\"x\"} 4\n"
        "# HELP crosspoint_b B\n"
        "# TYPE crosspoint_b gauge\n"
        "crosspoint_b 0.5\n");
}
