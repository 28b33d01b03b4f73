// crosspoint-bench: the engine's forwarding rate on one worker lcore, fed by net_pcap looping realistic
// 8K 59.94p packets into net_null, beside dpdk-testpmd (macswap) on identical devices and the same capture.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_capture.hpp"
#include "crosspoint/engine/engine.hpp"
#include "testpmd_reference.hpp"
#include "thread_cpu_time.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::bench;

namespace {

// One 8K 59.94p 4:2:2 10-bit GPM flow: 69 120 packets a frame, 59.94 frames a second.
constexpr double k8kFlowMpps = 69120.0 * 60000.0 / 1001.0 / 1e6;
constexpr unsigned kCapturePackets = 4096;

struct Scenario {
  std::string name;
  unsigned flows = 1;
  bool merge = false;     // every flow on two legs (two replay ports), merged by ST 2022-7
  unsigned fan_out = 1;   // outputs per input
  std::optional<PacingMode> pacing;  // every output paced as an 8K 59.94p flow
  // Merged through the skew-equalising playout buffer (0: the first copy passes at once). Its window stays
  // under the looped capture's length, so each loop still reads as a sender restart.
  std::uint32_t max_skew_us = 0;
};

struct Measured {
  double input_mpps = 0;   // packets received and processed by the worker, per wall-clock second
  double input_mpps_per_cpu = 0;  // per second of CPU the worker lcore ran
  double output_mpps = 0;  // packets sent
  std::uint64_t drops = 0;
  // Paced: the added latency, from routed into the pace queue to handed to the transmit queue (the worst
  // output's median and p99), and what the pace stage counted.
  double hold_us_median = 0;
  double hold_us_p99 = 0;
  std::uint64_t late = 0;
  std::uint64_t overruns = 0;
};

bool verbose = false;
// The paced run: its outputs paced as 8K 59.94p flows (--pacing MODE, narrow by default). The looped capture
// repeats one frame's timestamp, so after the first loop its packets are behind their read schedule: each is
// held, found due and released within the worker's turn (once a second the schedule moves on and a loop is
// held until its next frame, 0.1% of the packets). So the figure is what the pace stage costs a saturated lcore
// and the hold time its own added latency, not the configured delay a live source waits by design. Four
// flows, because one paced 8K flow may not leave faster than its schedule's drain rate (4.56 Mpps).
PacingMode pacing_mode = PacingMode::kNarrow;
constexpr unsigned kPacedFlows = 4;

// --tap N: the first input and its first output tapped for the control plane, one frame in N each (a frame of
// the looped capture is its 4096 packets, so N = 60 copies the share of packets that one 8K 59.94p frame a
// second does), read by a control-plane thread every 2 ms as the daemon's thumbnail service does.
std::optional<std::uint32_t> tap_one_in;

// Holds the taps' leases and reads their copies until destroyed.
class BenchTapReader {
 public:
  explicit BenchTapReader(Engine& engine) : engine_(engine), thread_([this] { run(); }) {}
  ~BenchTapReader() {
    stop_.store(true);
    thread_.join();
  }
  BenchTapReader(const BenchTapReader&) = delete;
  BenchTapReader& operator=(const BenchTapReader&) = delete;

 private:
  void run() {
    auto renew_at = std::chrono::steady_clock::now();
    while (!stop_.load()) {
      if (std::chrono::steady_clock::now() >= renew_at) {
        const TapOptions options{*tap_one_in, std::chrono::seconds(3)};
        (void)engine_.tap(TapPoint::kInput, "in0", options);
        (void)engine_.tap(TapPoint::kOutput, "out0_0", options);
        renew_at += std::chrono::seconds(1);
      }
      engine_.read_tap([this](const TappedPacket& p) { bytes_ += p.payload.size(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  Engine& engine_;
  std::atomic<bool> stop_{false};
  std::uint64_t bytes_ = 0;  // read, so the copies are touched as a reader would
  std::thread thread_;
};

OutputPacing bench_pacing(PacingMode mode) {
  st2110::VideoFormat format;
  format.width = 7680;
  format.height = 4320;
  format.exact_frame_rate = Rational{60000, 1001};
  return pacing_for(format, mode);
}

void print_counters(const EngineStats& stats) {
  auto drops = [](const char* what, const std::string& id, const DropCounts& counts) {
    for (std::size_t r = 0; r < kDropReasonCount; ++r) {
      if (counts[r] != 0) {
        std::fprintf(stderr, "  %s %s %s: %llu\n", what, id.c_str(), to_string(static_cast<DropReason>(r)),
                     static_cast<unsigned long long>(counts[r]));
      }
    }
  };
  for (const PortStats& p : stats.ports) {
    std::fprintf(stderr, "  port %s rx %llu tx %llu\n", p.name.c_str(), static_cast<unsigned long long>(p.rx_packets),
                 static_cast<unsigned long long>(p.tx_packets));
    drops("port", p.name, p.drops);
  }
  for (const InputStats& i : stats.inputs) {
    std::fprintf(stderr, "  input %s packets %llu frames %llu lost %llu\n", i.id.c_str(),
                 static_cast<unsigned long long>(i.packets), static_cast<unsigned long long>(i.frames),
                 static_cast<unsigned long long>(i.lost));
    drops("input", i.id, i.drops);
    if (i.tap.units != 0) {
      std::fprintf(stderr, "  input %s tap: %llu packets copied in %llu frames, %llu not copied\n", i.id.c_str(),
                   static_cast<unsigned long long>(i.tap.packets), static_cast<unsigned long long>(i.tap.units),
                   static_cast<unsigned long long>(i.tap.dropped));
    }
  }
  for (const OutputStats& o : stats.outputs) {
    std::fprintf(stderr, "  output %s packets %llu switches %llu\n", o.id.c_str(), static_cast<unsigned long long>(o.packets),
                 static_cast<unsigned long long>(o.switches));
    drops("output", o.id, o.drops);
    if (o.pacing.queue_capacity != 0) {
      std::fprintf(stderr, "  output %s paced: %llu late, %llu overruns, %llu unaligned, queue max %llu of %llu, held %.1f / %.1f us\n",
                   o.id.c_str(), static_cast<unsigned long long>(o.pacing.late),
                   static_cast<unsigned long long>(o.pacing.overruns), static_cast<unsigned long long>(o.pacing.unaligned),
                   static_cast<unsigned long long>(o.pacing.queue_depth_max),
                   static_cast<unsigned long long>(o.pacing.queue_capacity), o.pacing.hold_ns_median / 1000,
                   o.pacing.hold_ns_p99 / 1000);
    }
  }
}

Expected<Measured, std::string> run_scenario(const Scenario& s, const std::string& capture, unsigned seconds, unsigned run) {
  static ClockModel clock;
  EngineConfig config;
  config.eal.memory_mb = 1024;
  config.mempools.packet_mbufs = 16383;
  config.mempools.header_mbufs = 16383;
  const std::string n = std::to_string(run);
  config.ports.push_back(PortConfig{"replay", "net_pcap_bench" + n + "a,rx_pcap=" + capture + ",infinite_rx=1", std::nullopt,
                                    st2110::Ipv4Address{0xC0000214}});
  if (s.merge) {
    config.ports.push_back(PortConfig{"replay-b", "net_pcap_bench" + n + "b,rx_pcap=" + capture + ",infinite_rx=1",
                                      std::nullopt, st2110::Ipv4Address{0xC0000215}});
  }
  config.ports.push_back(PortConfig{"sink", "net_null_bench" + n + ",no-rx=1", std::nullopt, st2110::Ipv4Address{0xC0000216}});
  Engine engine(config, clock);
  for (unsigned f = 0; f < s.flows; ++f) {
    InputConfig input;
    input.id = "in" + std::to_string(f);
    input.legs.push_back(InputLeg{"replay", bench_flow_group(f), 5004, std::nullopt});
    if (s.merge) input.legs.push_back(InputLeg{"replay-b", bench_flow_group(f), 5004, std::nullopt});
    // Shorter than the looped capture, so each loop reads as a sender restart rather than duplicates.
    input.merge_window_packets = 1024;
    input.max_skew_us = s.max_skew_us;
    if (auto ok = engine.add_input(input); !ok) return Unexpected{ok.error().message};
    for (unsigned o = 0; o < s.fan_out; ++o) {
      OutputConfig output;
      output.id = "out" + std::to_string(f) + "_" + std::to_string(o);
      output.legs.push_back(OutputLeg{"sink", st2110::Ipv4Address{0xEF3C0001 + f * 16 + o}, std::nullopt, std::nullopt, 5004, 5004});
      output.ssrc = 0x9000 + f * 16 + o;
      if (s.pacing) output.pacing = bench_pacing(*s.pacing);
      if (auto ok = engine.add_output(output); !ok) return Unexpected{ok.error().message};
      if (auto ok = engine.arm_route(output.id, input.id); !ok) return Unexpected{ok.error().message};
    }
  }
  if (auto ok = engine.start(); !ok) return Unexpected{ok.error().message};
  std::optional<BenchTapReader> tap_reader;
  if (tap_one_in) tap_reader.emplace(engine);
  auto totals = [&] {
    const EngineStats stats = engine.stats();
    std::uint64_t rx = 0;
    std::uint64_t tx = 0;
    std::uint64_t drops = 0;
    for (const PortStats& p : stats.ports) {
      rx += p.rx_packets;
      tx += p.tx_packets;
      drops += p.drops[static_cast<std::size_t>(DropReason::kTxFull)] +
               p.drops[static_cast<std::size_t>(DropReason::kMempoolExhausted)];
    }
    return std::tuple{rx, tx, drops};
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // preload and warm up
  const auto [rx0, tx0, d0] = totals();
  const auto cpu0 = thread_cpu_seconds(getpid(), "rte-worker-1");
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const auto [rx1, tx1, d1] = totals();
  const auto cpu1 = thread_cpu_seconds(getpid(), "rte-worker-1");
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (verbose) print_counters(engine.stats());
  const EngineStats after = engine.stats();
  tap_reader.reset();
  engine.stop();
  const double cpu = cpu0 && cpu1 ? *cpu1 - *cpu0 : 0.0;
  const double packets = static_cast<double>(rx1 - rx0);
  Measured measured{packets / elapsed / 1e6, cpu > 0 ? packets / cpu / 1e6 : packets / elapsed / 1e6,
                    static_cast<double>(tx1 - tx0) / elapsed / 1e6, d1 - d0};
  for (const OutputStats& o : after.outputs) {
    measured.hold_us_median = std::max(measured.hold_us_median, o.pacing.hold_ns_median / 1000);
    measured.hold_us_p99 = std::max(measured.hold_us_p99, o.pacing.hold_ns_p99 / 1000);
    measured.late += o.pacing.late;
    measured.overruns += o.pacing.overruns;
  }
  return measured;
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  std::optional<bool> all;  // default: every path for the table, the single-flow run for --json
  unsigned seconds = 3;
  unsigned rounds = 3;  // testpmd and the single-flow run alternate this often; each keeps its best
  int only = -1;
  bool with_testpmd = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[i], "--verbose") == 0) {
      verbose = true;
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--no-testpmd") == 0) {
      with_testpmd = false;
    } else if (std::strcmp(argv[i], "--single") == 0) {
      all = false;
    } else if (std::strcmp(argv[i], "--all") == 0) {
      all = true;
    } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      rounds = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (std::strcmp(argv[i], "--pacing") == 0 && i + 1 < argc) {
      const auto mode = pacing_mode_from(argv[++i]);
      if (!mode || *mode == PacingMode::kPassthrough) {
        std::fprintf(stderr, "--pacing: narrow, narrow_linear or wide\n");
        return 2;
      }
      pacing_mode = *mode;
    } else if (std::strcmp(argv[i], "--tap") == 0 && i + 1 < argc) {
      tap_one_in = static_cast<std::uint32_t>(std::max(1, std::atoi(argv[++i])));
    } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else {
      std::fprintf(stderr,
                   "usage: crosspoint-bench [--json] [--single|--all] [--seconds N] [--rounds N] [--pacing MODE] [--tap N] [--verbose]\n"
                   "  measures one worker lcore forwarding 8K 59.94p ST 2110-20 packets (net_pcap infinite_rx ->\n"
                   "  net_null) for 1, 4 and 16 flows, the 2022-7 merge, 1->8 fan-out and skew-equalising 2022-7 merge\n"
                   "  paths, and dpdk-testpmd"
                   "  macswap on the same devices and capture. --single: the single-flow run and testpmd only\n"
                   "  (the default with --json, which prints one JSON object); --all: every path. --rounds N:\n"
                   "  testpmd and the single-flow run alternate N times (3) and each keeps its best.\n"
                   "  Mpps per lcore are packets per second of CPU time the forwarding lcore ran. --tap N: the first\n"
                   "  input and output tapped for the control plane, one frame in N (60: an 8K frame a second's share).\n"
                   "  The paced run (4 flows paced as 8K 59.94p, --pacing MODE: narrow, narrow_linear or wide) alternates\n"
                   "  with them too, and reports the pace stage's added latency per packet (median, p99).\n");
      return 2;
    }
  }
  const auto dir = std::filesystem::temp_directory_path() / ("crosspoint-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto capture_for = [&](unsigned flows) -> std::string {
    const std::string path = (dir / ("8k-" + std::to_string(flows) + "flows.pcap")).string();
    if (!std::filesystem::exists(path)) {
      if (auto ok = write_8k_capture(path, flows, kCapturePackets); !ok) {
        std::fprintf(stderr, "crosspoint-bench: %s\n", ok.error().c_str());
        std::exit(1);
      }
    }
    return path;
  };

  std::vector<Scenario> scenarios{{"1 flow", 1, false, 1, std::nullopt},
                                  {std::to_string(kPacedFlows) + " flows paced " + to_string(pacing_mode), kPacedFlows,
                                   false, 1, pacing_mode}};
  if (all.value_or(!json)) {
    scenarios.push_back({"4 flows", 4, false, 1});
    scenarios.push_back({"16 flows", 16, false, 1});
    scenarios.push_back({"2022-7 merge, 1 flow on 2 legs", 1, true, 1});
    scenarios.push_back({"fan-out 1 -> 8", 1, false, 8});
    scenarios.push_back({"2022-7 skew-equalising merge (100 us), 1 flow on 2 legs", 1, true, 1, std::nullopt, 100});
  }
  if (only >= 0 && static_cast<std::size_t>(only) < scenarios.size()) scenarios = {scenarios[static_cast<std::size_t>(only)]};
  // The runs that alternate with testpmd, each keeping its best: the single flow and the paced one.
  const std::size_t alternating = std::min<std::size_t>(2, scenarios.size());
  unsigned run = 0;
  auto measure = [&](const Scenario& scenario) -> Measured {
    auto measured = run_scenario(scenario, capture_for(scenario.flows), seconds, run++);
    if (!measured) {
      std::fprintf(stderr, "crosspoint-bench: %s: %s\n", scenario.name.c_str(), measured.error().c_str());
      std::exit(1);
    }
    return *measured;
  };
  auto reference = [&]() -> TestpmdResult {
    if (!with_testpmd) return TestpmdResult{};
    auto testpmd = run_testpmd_macswap(capture_for(1), seconds);
    if (!testpmd) {
      std::fprintf(stderr, "crosspoint-bench: %s\n", testpmd.error().c_str());
      std::exit(1);
    }
    return *testpmd;
  };

  // The machine may be shared (a virtual machine's speed drifts by 10-20% from second to second):
  // testpmd and the single-flow run alternate (three rounds by default) and each keeps its best. Rates
  // are per second of CPU the forwarding lcore ran (equal to wall-clock rates on an idle machine).
  TestpmdResult testpmd = reference();
  std::vector<Measured> results;
  for (std::size_t i = 0; i < alternating; ++i) results.push_back(measure(scenarios[i]));
  for (unsigned round = 1; round < rounds; ++round) {
    if (const TestpmdResult again = reference(); again.rx_mpps_per_cpu > testpmd.rx_mpps_per_cpu) testpmd = again;
    for (std::size_t i = 0; i < alternating; ++i) {
      if (const Measured again = measure(scenarios[i]); again.input_mpps_per_cpu > results[i].input_mpps_per_cpu) {
        results[i] = again;
      }
    }
  }
  for (std::size_t i = alternating; i < scenarios.size(); ++i) results.push_back(measure(scenarios[i]));
  std::filesystem::remove_all(dir);

  const double crosspoint_mpps = results[0].input_mpps_per_cpu;
  const double testpmd_mpps = testpmd.rx_mpps_per_cpu;
  const auto ratio_of = [&](const Measured& m) { return testpmd_mpps > 0 ? m.input_mpps_per_cpu / testpmd_mpps : 0.0; };
  const double ratio = ratio_of(results[0]);
  const double ns_per_packet = 1000.0 / crosspoint_mpps;
  const double flows_8k = crosspoint_mpps / k8kFlowMpps;
  std::optional<std::size_t> paced;
  for (std::size_t i = 0; i < scenarios.size() && !paced; ++i) {
    if (scenarios[i].pacing) paced = i;
  }
  if (json) {
    std::printf("{\"crosspoint_mpps\": %.3f, \"testpmd_mpps\": %.3f, \"ratio\": %.3f, \"ns_per_packet\": %.1f, "
                "\"flows_8k_per_lcore\": %.2f, \"crosspoint_wall_mpps\": %.3f, \"testpmd_wall_mpps\": %.3f, "
                "\"flow_8k_mpps\": %.3f, \"packet_bytes\": 1262, \"tap_one_in\": %u, ",
                crosspoint_mpps, testpmd_mpps, ratio, ns_per_packet, flows_8k, results[0].input_mpps, testpmd.rx_mpps,
                k8kFlowMpps, tap_one_in.value_or(0));
    if (paced) {
      const Measured& p = results[*paced];
      std::printf("\"paced_mode\": \"%s\", \"paced_flows\": %u, \"paced_mpps\": %.3f, \"paced_ratio\": %.3f, "
                  "\"paced_ns_per_packet\": %.1f, \"paced_flows_8k_per_lcore\": %.2f, \"paced_hold_us_median\": %.2f, "
                  "\"paced_hold_us_p99\": %.2f, ",
                  to_string(*scenarios[*paced].pacing), scenarios[*paced].flows, p.input_mpps_per_cpu, ratio_of(p),
                  1000.0 / p.input_mpps_per_cpu, p.input_mpps_per_cpu / k8kFlowMpps, p.hold_us_median, p.hold_us_p99);
    }
    std::printf("\"scenarios\": [");
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::printf("%s{\"name\": \"%s\", \"flows\": %u, \"merge\": %s, \"fan_out\": %u, \"pacing\": \"%s\", "
                  "\"input_mpps\": %.3f, \"ratio\": %.3f, \"input_wall_mpps\": %.3f, \"output_wall_mpps\": %.3f, "
                  "\"ns_per_input_packet\": %.1f, \"drops\": %llu, \"hold_us_median\": %.2f, \"hold_us_p99\": %.2f, "
                  "\"late\": %llu, \"overruns\": %llu}",
                  i == 0 ? "" : ", ", scenarios[i].name.c_str(), scenarios[i].flows, scenarios[i].merge ? "true" : "false",
                  scenarios[i].fan_out, to_string(scenarios[i].pacing.value_or(PacingMode::kPassthrough)),
                  results[i].input_mpps_per_cpu, ratio_of(results[i]), results[i].input_mpps, results[i].output_mpps,
                  1000.0 / results[i].input_mpps_per_cpu, static_cast<unsigned long long>(results[i].drops),
                  results[i].hold_us_median, results[i].hold_us_p99, static_cast<unsigned long long>(results[i].late),
                  static_cast<unsigned long long>(results[i].overruns));
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("crosspoint-bench: one worker lcore, 8K 59.94p 4:2:2 10-bit GPM packets (1262 octets), "
              "net_pcap infinite_rx -> net_null\n"
              "Mpps per lcore = packets per second of CPU the forwarding lcore ran; wall = per elapsed second\n");
  if (tap_one_in) std::printf("tap: first input and output, one frame in %u, read every 2 ms\n", *tap_one_in);
  std::printf("%-34s %12s %10s %10s %10s %8s %7s %18s\n", "path", "Mpps/lcore", "in wall", "out wall", "ns/pkt", "8K flows",
              "ratio", "held us median/p99");
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::printf("%-34s %12.3f %10.3f %10.3f %10.1f %8.2f %7.3f", scenarios[i].name.c_str(), results[i].input_mpps_per_cpu,
                results[i].input_mpps, results[i].output_mpps, 1000.0 / results[i].input_mpps_per_cpu,
                results[i].input_mpps_per_cpu / k8kFlowMpps, ratio_of(results[i]));
    if (scenarios[i].pacing) std::printf(" %8.2f / %7.2f", results[i].hold_us_median, results[i].hold_us_p99);
    std::printf("\n");
  }
  std::printf("%-34s %12.3f %10.3f %10s %10.1f %8.2f\n", "dpdk-testpmd macswap (reference)", testpmd_mpps, testpmd.rx_mpps,
              "", 1000.0 / testpmd_mpps, testpmd_mpps / k8kFlowMpps);
  std::printf("ratio crosspoint / testpmd (1 flow): %.3f\n", ratio);
  return 0;
}
