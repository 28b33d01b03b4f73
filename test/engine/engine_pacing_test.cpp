// Outputs paced to ST 2110-21, measured on what the engine sends: captures from crosspoint-cap gen (narrow
// gapped) replayed by a replay port that loops and restamps onto PTP time, routed to paced outputs
// recorded by net_pcap, and analyzed by crosspoint-cap analyze against the output's SDP (its TROFF).
// A shared machine's scheduler can stall the replay thread and the worker (the test runs both SCHED_FIFO
// when it may), and a late packet leaves the receiver's buffer empty: what the test asserts is what such
// a machine can prove: bursts within wide's CMAX for a wide output, RTP offsets within limits, every frame
// whole and in sequence; the class and VRX measured, wide and narrow, are printed.
#include <catch2/catch.hpp>

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_cycles.h>

#include <nlohmann/json.hpp>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "command_output.hpp"
#include "receive_buffer_limit.hpp"
#include "skip.hpp"
#include "test_dpdk.hpp"
#include "veth_namespace.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rasters are small by default: a shared two-core machine carries them in real time. Full size
// (CROSSPOINT_PACING_FULL_SIZE=1) for longer runs on a quiet machine; the README gives both.
std::string raster(const char* small) {
  return std::getenv("CROSSPOINT_PACING_FULL_SIZE") != nullptr ? std::string() : std::string(" --raster ") + small;
}

struct Workspace {
  std::filesystem::path dir;
  std::string cap;
  Workspace() {
    const char* build = std::getenv("CROSSPOINT_BUILD_DIR");
    cap = std::string(build != nullptr ? build : ".") + "/tools/cap/crosspoint-cap";
    dir = std::filesystem::temp_directory_path() / ("crosspoint-pacing-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    // net_pcap wants a capture to receive from: an empty one.
    REQUIRE(capture::PcapWriter::create(path("empty.pcap")));
  }
  ~Workspace() {
    if (std::getenv("CROSSPOINT_KEEP_PACING") == nullptr) std::filesystem::remove_all(dir);
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (dir / name).string(); }
  void gen(const std::string& args, const std::string& name) const {
    REQUIRE(std::system((cap + " " + args + " --out " + path(name) + " >/dev/null").c_str()) == 0);
  }
};

// Interleaves captures by time into one (one replay thread sends them all).
void merge_captures(const std::vector<std::string>& inputs, const std::string& out) {
  std::vector<std::pair<std::uint64_t, std::vector<std::uint8_t>>> frames;
  for (const auto& in : inputs) {
    auto reader = capture::PcapReader::open(in);
    REQUIRE(reader);
    while (auto r = reader->next()) frames.emplace_back(r->timestamp_ns, std::vector<std::uint8_t>(r->bytes.begin(), r->bytes.end()));
  }
  std::stable_sort(frames.begin(), frames.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto writer = capture::PcapWriter::create(out);
  REQUIRE(writer);
  for (const auto& [t, bytes] : frames) REQUIRE(writer->write(t, bytes));
}

// Writes capture `in` as `out` with every record's time mapped by `time_of`.
template <typename Map>
void retime(const std::string& in, const std::string& out, Map&& time_of) {
  auto reader = capture::PcapReader::open(in);
  REQUIRE(reader);
  auto writer = capture::PcapWriter::create(out);
  REQUIRE(writer);
  while (auto r = reader->next()) REQUIRE(writer->write(time_of(r->timestamp_ns), r->bytes, r->original_length));
}

// How net_pcap's clock reads: the UTC time when a net_pcap device was last probed (here: the recording
// port, which the test probes itself just before this clock is made) plus TSC cycles over rte_get_timer_hz(),
// which DPDK rounds (to 10 MHz) and so runs fast or slow by up to a few parts in a thousand. Measured
// over the run against CLOCK_MONOTONIC_RAW, it is corrected before analysis; and PTP time (the replay's
// restamped RTP timestamps) is TAI, 37 s ahead of UTC.
class RecordingClock {
 public:
  // Probes net_pcap device `device` (the engine takes it by its name) and reads the clocks at once.
  explicit RecordingClock(const std::string& device) {
    REQUIRE(rte_dev_probe(device.c_str()) == 0);
    utc_ns_ = utc_now();
    tsc_ = rte_rdtsc();
    local_ns_ = monotonic_raw_now();
    name_ = device.substr(0, device.find(','));
  }
  ~RecordingClock() { close(); }
  RecordingClock(const RecordingClock&) = delete;
  RecordingClock& operator=(const RecordingClock&) = delete;
  [[nodiscard]] const std::string& name() const { return name_; }
  // Call when the recording is complete.
  void measure() {
    close();  // flushes the recording
    const double true_hz = static_cast<double>(rte_rdtsc() - tsc_) * 1e9 / static_cast<double>(monotonic_raw_now() - local_ns_);
    scale_ = static_cast<double>(rte_get_timer_hz()) / true_hz;
    std::printf("  net_pcap clock: rte_get_timer_hz %llu, measured %.0f (%.0f ppm)\n",
                static_cast<unsigned long long>(rte_get_timer_hz()), true_hz, (scale_ - 1) * 1e6);
  }
  // Writes `in` with each record's time on TAI, corrected.
  void onto_tai(const std::string& in, const std::string& out) const {
    retime(in, out, [this](std::uint64_t t) {
      const double elapsed = static_cast<double>(static_cast<std::int64_t>(t - utc_ns_)) * scale_;
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(utc_ns_) + static_cast<std::int64_t>(elapsed)) +
             kTaiMinusUtcSeconds * kNanosPerSecond;
    });
  }

 private:
  void close() const {
    std::uint16_t port = 0;
    if (rte_eth_dev_get_port_by_name(name_.c_str(), &port) == 0) rte_eth_dev_close(port);
  }
  static std::uint64_t utc_now() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * kNanosPerSecond + static_cast<std::uint64_t>(ts.tv_nsec);
  }
  std::string name_;
  std::uint64_t utc_ns_ = 0;
  std::uint64_t tsc_ = 0;
  Nanoseconds local_ns_ = 0;
  double scale_ = 1.0;
};

// The output's SDP: the source's format with the output's destination and the read offset it keeps.
void write_output_sdp(const std::string& source_sdp, Ipv4Address destination, const OutputPacing& pacing,
                      const std::string& out) {
  auto session = st2110::parse_sdp(read_text(source_sdp));
  REQUIRE(session);
  session->legs.resize(1);
  session->dup_groups.clear();
  auto& leg = session->legs.front();
  leg.connection.address = destination;
  leg.port = 5004;
  leg.mid.clear();
  leg.source_filter.reset();
  auto& video = std::get<st2110::VideoFormat>(leg.format);
  video.troff_us = paced_read_offset_us(pacing);
  video.sender_type = *sender_type_of(pacing.mode);
  std::ofstream(out) << st2110::generate_sdp(*session);
}

// The longest time any of the engine's threads (workers, replay threads) lost its core at once. On a core
// shared with other work the kernel takes a SCHED_FIFO thread off it for up to 50 ms (README "Real-time
// threads"); the packets of those milliseconds go out late, which no pace stage can undo.
Nanoseconds longest_stall(const EngineStats& stats) {
  std::uint64_t longest = 0;
  for (const ThreadStats& thread : stats.threads) longest = std::max(longest, thread.stall_max_ns);
  return static_cast<Nanoseconds>(longest);
}

// A frame of the SDP's video format, in 90 kHz ticks.
double frame_ticks(const std::string& sdp) {
  const auto session = st2110::parse_sdp(read_text(sdp));
  REQUIRE(session);
  return 90'000 / std::get<st2110::VideoFormat>(session->legs.front().format).exact_frame_rate.to_double();
}

// What the analyzer measured on a paced output, printed; every frame whole, in sequence, RTP offsets held:
// within the TRO limits, or, where a thread of the engine was stalled, late by no more than the stall (to
// the frame epoch after it).
void check_recorded(const nlohmann::json& flow, const char* what, Nanoseconds stall, double frame_ticks) {
  const auto& t = flow["st2110_21"];
  std::printf("%s: class %s, Cinst max %d (narrow limit %d, wide %d), VRX %d..%d (narrow full %d, wide %d), "
              "RTP - epoch %d..%d ticks (limit %d), %d frames, %d incomplete\n",
              what, t["class"].get<std::string>().c_str(), t["cmax"].get<int>(), t["cmax_limit_narrow"].get<int>(),
              t["cmax_limit_wide"].get<int>(), t["vrx_min"].get<int>(), t["vrx_max"].get<int>(),
              t["vrx_full_narrow"].get<int>(), t["vrx_full_wide"].get<int>(), t["rtp_minus_epoch_ticks"]["min"].get<int>(),
              t["rtp_minus_epoch_ticks"]["max"].get<int>(), t["rtp_minus_epoch_ticks"]["limit"].get<int>(),
              flow["frames"].get<int>(), flow["incomplete_frames"].get<int>());
  if (stall == 0) {
    CHECK(t["rtp_minus_epoch_ticks"]["within_limit"] == true);
  } else {
    const double stall_ticks = static_cast<double>(stall) * 90'000 / 1e9;
    const double allowed = t["rtp_minus_epoch_ticks"]["limit"].get<double>() + (std::floor(stall_ticks / frame_ticks) + 1) * frame_ticks;
    std::printf("  a thread of the engine lost its core for %.1f ms: RTP - epoch allowed down to -%.0f ticks\n",
                static_cast<double>(stall) / 1e6, allowed);
    CHECK(t["rtp_minus_epoch_ticks"]["min"].get<double>() >= -allowed);
    CHECK(t["rtp_minus_epoch_ticks"]["max"].get<double>() <= t["rtp_minus_epoch_ticks"]["limit"].get<double>());
  }
  CHECK(flow["sequence_errors"] == 0);
  CHECK(flow["frames"].get<int>() > 10);
}

void print_pacing(const OutputStats& stats) {
  std::printf("  %s pace stage: %llu packets, %llu late, %llu overruns, %llu unaligned frames, queue max %llu of %llu;"
              " held median %.0f us, p99 %.0f us\n",
              stats.id.c_str(), static_cast<unsigned long long>(stats.packets), static_cast<unsigned long long>(stats.pacing.late),
              static_cast<unsigned long long>(stats.pacing.overruns), static_cast<unsigned long long>(stats.pacing.unaligned),
              static_cast<unsigned long long>(stats.pacing.queue_depth_max),
              static_cast<unsigned long long>(stats.pacing.queue_capacity), stats.pacing.hold_ns_median / 1000,
              stats.pacing.hold_ns_p99 / 1000);
}

// What the pace stages and the engine's threads did during a run, printed.
void print_run(const EngineStats& stats) {
  for (const OutputStats& output : stats.outputs) print_pacing(output);
  for (const ThreadStats& thread : stats.threads) {
    std::printf("  %s: %.2f ms off its core unasked, %llu stalls over 1 ms, the longest %.1f ms\n", thread.name.c_str(),
                static_cast<double>(thread.off_core_ns) / 1e6, static_cast<unsigned long long>(thread.stalls),
                static_cast<double>(thread.stall_max_ns) / 1e6);
  }
}

// Analyzes both outputs of a recording: the wide one must earn wide at least (the margin a shared machine
// allows), the narrow one's class is printed.
void check_both(const Workspace& w, const std::string& on_tai, const std::string& source_sdp, const OutputConfig& wide,
                const OutputConfig& narrow, const std::string& format, const EngineStats& stats) {
  for (const auto* output : {&wide, &narrow}) {
    const std::string sdp = w.path(output->id + ".sdp");
    write_output_sdp(source_sdp, output->legs[0].destination, output->pacing, sdp);
    const auto report = nlohmann::json::parse(output_of(w.cap + " analyze " + on_tai + " --sdp " + sdp + " --json"), nullptr, false);
    REQUIRE(!report.is_discarded());
    nlohmann::json flow;
    for (const auto& f : report["flows"]) {
      if (f["destination"] == output->legs[0].destination.to_string() + ":5004") flow = f;
    }
    REQUIRE(!flow.is_null());
    check_recorded(flow, (format + " " + output->id).c_str(), longest_stall(stats), frame_ticks(source_sdp));
    // Bursts are the pace stage's own doing (its shaper never releases faster than the drain rate); a
    // late packet is the machine's (a stalled thread), so the buffer model (VRX) is reported, not asserted.
    if (output == &wide) CHECK(flow["st2110_21"]["cmax"].get<int>() <= flow["st2110_21"]["cmax_limit_wide"].get<int>());
  }
}

OutputConfig paced_output(const std::string& id, const std::string& port, Ipv4Address destination,
                          const std::string& source_sdp, PacingMode mode) {
  auto session = st2110::parse_sdp(read_text(source_sdp));
  REQUIRE(session);
  OutputConfig output;
  output.id = id;
  output.legs = {OutputLeg{port, destination, std::nullopt, std::nullopt, 5004, 5004}};
  output.ssrc = 0x7E57;
  output.pacing = pacing_for(session->legs.front().format, mode);
  return output;
}

// The engine of a pacing test: the recording port (probed first, see RecordingClock) and a replay port
// looping and restamping `capture`, workers SCHED_FIFO where the test may.
struct PacingRig {
  ClockModel clock;
  RecordingClock recording;
  Engine engine;
  PacingRig(const Workspace& w, const std::string& name, const std::string& capture)
      : recording("net_pcap_" + name + ",rx_pcap=" + w.path("empty.pcap") + ",tx_pcap=" + w.path("out.pcap")),
        engine(config(w, name, capture, recording.name()), clock) {
    REQUIRE(engine.start());
  }
  static EngineConfig config(const Workspace& w, const std::string& name, const std::string& capture,
                             const std::string& recording_port) {
    EngineConfig config = test_engine_config();
    config.mempools.packet_mbufs = 16383;
    config.workers.realtime_priority = 1;
    config.ports.push_back(PortConfig{"rec", recording_port, std::nullopt, Ipv4Address{0xC0000264}});
    config.ports.push_back(PortConfig{"replay", "replay:" + name + "_in,file=" + w.path(capture) + ",paced,loop,restamp,rt",
                                      std::nullopt, Ipv4Address{0xC0000201}});
    return config;
  }
  // Two outputs of the same routes, wide (asserted) and narrow (measured), routed to `input`.
  std::pair<OutputConfig, OutputConfig> add_outputs(const Workspace& w, const std::string& sdp, const std::string& input) {
    std::pair<OutputConfig, OutputConfig> outputs{
        paced_output("wide", "rec", Ipv4Address{0xEFC80001}, w.path(sdp), PacingMode::kWide),
        paced_output("narrow", "rec", Ipv4Address{0xEFC80002}, w.path(sdp), PacingMode::kNarrow)};
    for (const auto* output : {&outputs.first, &outputs.second}) {
      REQUIRE(engine.add_output(*output));
      REQUIRE(engine.arm_route(output->id, input));
    }
    return outputs;
  }
  // Stops the engine and closes the recording; the counters as they were.
  EngineStats finish() {
    const EngineStats stats = engine.stats();
    engine.stop();
    recording.measure();
    print_run(stats);
    return stats;
  }
};

}  // namespace

TEST_CASE("a paced 720p50 output stays ST 2110-21 compliant across a route switch", "[pacing]") {
  ensure_eal();
  Workspace w;
  REQUIRE(std::filesystem::exists(w.cap));
  w.gen("gen --video 720p50" + raster("320x180") + " --frames 4 --destination 239.100.0.1:5004", "bars.pcap");
  w.gen("gen --video 720p50" + raster("320x180") + " --frames 4 --pattern checker --destination 239.100.10.1:5004", "checker.pcap");
  merge_captures({w.path("bars.pcap"), w.path("checker.pcap")}, w.path("in.pcap"));

  PacingRig rig(w, "pace0", "in.pcap");
  InputConfig bars;
  bars.id = "bars";
  bars.legs = {InputLeg{"replay", Ipv4Address{0xEF640001}, 5004, std::nullopt}};
  InputConfig checker = bars;
  checker.id = "checker";
  checker.legs = {InputLeg{"replay", Ipv4Address{0xEF640A01}, 5004, std::nullopt}};
  REQUIRE(rig.engine.add_input(bars));
  REQUIRE(rig.engine.add_input(checker));
  const auto [wide, narrow] = rig.add_outputs(w, "bars.sdp", "bars");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (const auto* output : {&wide, &narrow}) REQUIRE(rig.engine.arm_route(output->id, std::string("checker")));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (const auto* output : {&wide, &narrow}) CHECK(rig.engine.route_state(output->id)->current_input == "checker");
  const EngineStats stats = rig.finish();

  REQUIRE(stats.outputs.size() == 2);
  for (const OutputStats& output : stats.outputs) {
    CHECK(output.switches == 2);
    CHECK(output.pacing.unaligned == 0);  // the replay's timestamps are on PTP time
    CHECK(output.pacing.overruns == 0);
  }
  rig.recording.onto_tai(w.path("out.pcap"), w.path("out.tai.pcap"));
  check_both(w, w.path("out.tai.pcap"), w.path("bars.sdp"), wide, narrow, "720p50", stats);
}

TEST_CASE("a paced 1080p59.94 output of an ST 2022-7 pair stays ST 2110-21 compliant", "[pacing]") {
  ensure_eal();
  Workspace w;
  REQUIRE(std::filesystem::exists(w.cap));
  w.gen("gen --video 1080p59.94" + raster("480x270") + " --frames 3 --dup --leg-a-loss 100,300,700 --leg-b-loss 250,600", "pair.pcap");

  PacingRig rig(w, "pace1", "pair.pcap");
  InputConfig pair;
  pair.id = "pair";
  pair.legs = {InputLeg{"replay", Ipv4Address{0xEF640001}, 5004, std::nullopt},
               InputLeg{"replay", Ipv4Address{0xEF650001}, 5004, std::nullopt}};
  REQUIRE(rig.engine.add_input(pair));
  const auto [wide, narrow] = rig.add_outputs(w, "pair.sdp", "pair");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const EngineStats stats = rig.finish();

  REQUIRE(stats.inputs.size() == 1);
  CHECK(stats.inputs[0].lost == 0);  // every packet lost on one leg came on the other
  for (const OutputStats& output : stats.outputs) CHECK(output.pacing.unaligned == 0);
  rig.recording.onto_tai(w.path("out.pcap"), w.path("out.tai.pcap"));
  check_both(w, w.path("out.tai.pcap"), w.path("pair.sdp"), wide, narrow, "1080p59.94", stats);
}

TEST_CASE("paced outputs on net_af_packet over a veth pair, recorded by tcpdump in the namespace", "[pacing-netns]") {
  ensure_eal();
  if (run("command -v tcpdump") != 0) CROSSPOINT_SKIP("tcpdump is not installed");
  VethNamespace veth;
  if (!veth.ready) CROSSPOINT_SKIP("cannot create a network namespace with a veth pair (needs root and CAP_NET_ADMIN)");
  Workspace w;
  REQUIRE(std::filesystem::exists(w.cap));
  w.gen("gen --video 720p50" + raster("320x180") + " --frames 4 --destination 239.100.0.1:5004", "bars.pcap");
  const std::string recorded = w.path("ns.pcap");
  NamespaceCapture tcpdump(veth, recorded, {"-B", "131072", "--time-stamp-precision", "nano"}, {"udp"});
  REQUIRE(tcpdump.started());

  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.workers.realtime_priority = 1;
  config.ports.push_back(PortConfig{"live", "net_af_packet_pace0,iface=" + veth.outside, std::nullopt, Ipv4Address{0xC0000264}});
  config.ports.push_back(PortConfig{"replay", "replay:pace_live_in,file=" + w.path("bars.pcap") + ",paced,loop,restamp,rt",
                                    std::nullopt, Ipv4Address{0xC0000201}});
  Engine engine(config, clock);
  const auto started = engine.start();
  if (!started) {
    tcpdump.stop();
    FAIL("net_af_packet would not start: " << started.error().message);
  }
  InputConfig bars;
  bars.id = "bars";
  bars.legs = {InputLeg{"replay", Ipv4Address{0xEF640001}, 5004, std::nullopt}};
  REQUIRE(engine.add_input(bars));
  const OutputConfig wide = paced_output("wide", "live", Ipv4Address{0xEFC80001}, w.path("bars.sdp"), PacingMode::kWide);
  const OutputConfig narrow = paced_output("narrow", "live", Ipv4Address{0xEFC80002}, w.path("bars.sdp"), PacingMode::kNarrow);
  for (const auto* output : {&wide, &narrow}) {
    REQUIRE(engine.add_output(*output));
    REQUIRE(engine.arm_route(output->id, std::string("bars")));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  const EngineStats stats = engine.stats();
  engine.stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  tcpdump.stop();
  print_run(stats);
  // The kernel stamps in UTC; PTP time is TAI.
  retime(recorded, w.path("ns.tai.pcap"), [](std::uint64_t t) { return t + kTaiMinusUtcSeconds * kNanosPerSecond; });
  check_both(w, w.path("ns.tai.pcap"), w.path("bars.sdp"), wide, narrow, "720p50 on af_packet", stats);
}

// End to end as an engineer checks it: crosspoint-cap send plays a full-size 720p50 10-bit capture into the
// engine's net_af_packet port from a network namespace, the engine routes it to a narrow paced unicast
// output back into the namespace, and FFmpeg there decodes it from the output's SDP. Unpaced, FFmpeg missed
// thousands of packets of each burst; paced, every frame must decode whole (a solid picture: one value per
// plane in every frame, where a missed packet leaves zeros, FFmpeg's green).
TEST_CASE("FFmpeg decodes a narrow paced output received over a veth pair, every frame whole", "[pacing-ffmpeg]") {
  ensure_eal();
  if (run("ffmpeg -version") != 0) CROSSPOINT_SKIP("ffmpeg is not installed (apt-get install ffmpeg)");
  VethNamespace veth;
  if (!veth.ready) CROSSPOINT_SKIP("cannot create a network namespace with a veth pair (needs root and CAP_NET_ADMIN)");
  Workspace w;
  REQUIRE(std::filesystem::exists(w.cap));
  constexpr int kFrames = 16;
  constexpr int kFramesToDecode = 8;
  w.gen("gen --video 720p50 --pattern solid:white --frames " + std::to_string(kFrames) +
            " --destination 239.100.0.1:5004", "source.pcap");
  // The output's SDP: the same format at the output's unicast destination in the namespace.
  w.gen("gen --video 720p50 --pattern solid:white --frames 1 --destination 192.0.2.1:5006", "view.pcap");
  REQUIRE(run("ip -n " + veth.ns + " route add 224.0.0.0/4 dev " + veth.inside) == 0);
  // FFmpeg's -buffer_size needs the limit raised (INTEROP.md): the initial namespace's, which sockets in the test's
  // take where the sysctl is global, and the namespace's own where it is per namespace (there only, that write
  // takes effect). Without it FFmpeg got an 8 MB buffer in CI and missed 12 311 packets at once.
  REQUIRE(socket_limits::raise_receive_buffer_limit(67108864));
  run("ip netns exec " + veth.ns + " sysctl -w net.core.rmem_max=67108864");
  const std::string inside_mac = output_of("ip -n " + veth.ns + " -br link show " + veth.inside + " | awk '{print $3}'");
  const auto destination_mac = st2110::MacAddress::parse(inside_mac.substr(0, inside_mac.find('\n')));
  REQUIRE(destination_mac);

  ClockModel clock;
  EngineConfig config = test_engine_config();
  config.workers.realtime_priority = 1;
  config.ports.push_back(PortConfig{"live", "net_af_packet_ff0,iface=" + veth.outside, std::nullopt, Ipv4Address{0xC0000264}});
  Engine engine(config, clock);
  REQUIRE(engine.start());
  InputConfig camera;
  camera.id = "camera";
  camera.legs = {InputLeg{"live", Ipv4Address{0xEF640001}, 5004, std::nullopt}};
  REQUIRE(engine.add_input(camera));
  OutputConfig view = paced_output("view", "live", Ipv4Address{0xC0000201}, w.path("source.sdp"), PacingMode::kNarrow);
  view.legs[0].destination_mac = *destination_mac;
  view.legs[0].destination_port = 5006;
  REQUIRE(engine.add_output(view));
  REQUIRE(engine.arm_route("view", std::string("camera")));

  const std::string decoded = w.path("decoded.yuv");
  const std::string log = w.path("ffmpeg.log");
  const std::string ffmpeg = "ip netns exec " + veth.ns + " timeout 60 ffmpeg -hide_banner -nostdin -loglevel warning " +
                             "-protocol_whitelist file,udp,rtp -buffer_size 67108864 -i " + w.path("view.sdp") +
                             " -frames:v " + std::to_string(kFramesToDecode) +
                             " -f rawvideo -pix_fmt yuv422p10le -y " + decoded + " > " + log + " 2>&1";
  std::thread receiver([&] { std::system(ffmpeg.c_str()); });
  const auto bound = [&] {
    return output_of("ip netns exec " + veth.ns + " cat /proc/net/udp").find(":138E ") != std::string::npos;  // 5006
  };
  const bool listening = wait_until(bound, std::chrono::seconds(20));
  CHECK(listening);
  const int sent = std::system(("ip netns exec " + veth.ns + " " + w.cap + " send " + w.path("source.pcap") +
                                " --to 239.100.0.1:5004 > /dev/null").c_str());
  receiver.join();
  const EngineStats stats = engine.stats();
  engine.stop();
  CHECK(sent == 0);
  print_pacing(stats.outputs.at(0));
  // Its source is not on PTP time, so up to a frame is held: the queue is sized for that (pace_queue_depth).
  CHECK(stats.outputs.at(0).pacing.overruns == 0);
  CHECK(stats.outputs.at(0).pacing.queue_capacity >= 2160);
  const std::string ffmpeg_log = read_text(log);
  std::printf("  ffmpeg: %s\n", ffmpeg_log.empty() ? "(no warnings)" : ffmpeg_log.c_str());
  CHECK(ffmpeg_log.find("missed") == std::string::npos);

  // yuv422p10le: per frame a Y plane of 1280x720 and Cb, Cr planes of 640x720, 16-bit little-endian samples.
  constexpr std::size_t kLuma = 1280 * 720;
  constexpr std::size_t kChroma = 640 * 720;
  std::ifstream raw(decoded, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() == static_cast<std::size_t>(kFramesToDecode) * (kLuma + 2 * kChroma) * 2);
  const auto sample = [&](std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<std::uint8_t>(bytes[2 * i]) | static_cast<std::uint8_t>(bytes[2 * i + 1]) << 8);
  };
  const std::uint16_t y = sample(0);
  const std::uint16_t cb = sample(kLuma);
  const std::uint16_t cr = sample(kLuma + kChroma);
  CHECK(y > 700);  // white, where a lost packet's zeros would read 0
  std::size_t wrong = 0;
  for (int frame = 0; frame < kFramesToDecode; ++frame) {
    const std::size_t base = static_cast<std::size_t>(frame) * (kLuma + 2 * kChroma);
    std::size_t wrong_rows = 0;
    for (std::size_t row = 0; row < 720; ++row) {
      bool row_wrong = false;
      for (std::size_t x = 0; x < 1280; ++x) row_wrong |= sample(base + row * 1280 + x) != y;
      for (std::size_t x = 0; x < 640; ++x) {
        row_wrong |= sample(base + kLuma + row * 640 + x) != cb || sample(base + kLuma + kChroma + row * 640 + x) != cr;
      }
      wrong_rows += row_wrong;
    }
    if (wrong_rows != 0) std::printf("  decoded frame %d: %zu of 720 lines wrong\n", frame, wrong_rows);
    wrong += wrong_rows;
  }
  std::printf("  port: %llu packets sent, %llu device tx errors\n",
              static_cast<unsigned long long>(stats.ports.at(0).tx_packets),
              static_cast<unsigned long long>(stats.ports.at(0).device_tx_errors));
  CHECK(wrong == 0);  // lines with a sample off the picture's value
}
