// ptp_switch_probe: a PTP slave (ptp::Clock on --interface) whose time base drives an engine, for the
// grandmaster loss test (test/ptp/grandmaster_loss.py). Two flows of 4-packet frames go in, one frame each every
// 20 ms of CLOCK_REALTIME (the namespaces' shared clock, which a free-running ptp4l -S serves as ARB time), and
// one output takes the first of them. It prints a JSON line every 125 ms with the clock's status, its true
// error against CLOCK_REALTIME and what IS-04 reads (the model's traceability). Once the clock first locks it
// arms a switch to the second flow at a PTP time --arm-after-lock seconds later; when the clock first holds
// over it arms one back at a time --arm-in-holdover seconds later. Both times fall halfway between two frames.
// It says when it is ready (its engine running). At the end it prints each switch: the frame it landed on and the first frame sent at or after its time.
//
//   ptp_switch_probe --interface eth0 [--seconds S] [--arm-after-lock S] [--arm-in-holdover S]
//                    [--lock-threshold-ns N]
#include <time.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../probe_arguments.hpp"
#include "crosspoint/ptp/clock.hpp"
#include "two_port_rig.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;

namespace {

volatile std::sig_atomic_t g_stop = 0;
constexpr Nanoseconds kFramePeriodNs = 20'000'000;
constexpr std::uint32_t kPacketsPerFrame = 4;

Nanoseconds realtime_now() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<Nanoseconds>(now.tv_sec) * kNanosPerSecond + now.tv_nsec;
}

// What the clock's time should read now: CLOCK_REALTIME, moved onto the PTP timescale when the master uses it.
Nanoseconds true_ptp_now(const ptp::ClockStatus& status) {
  const std::int64_t offset_s = status.timescale == Timescale::kPtp ? status.time_properties.current_utc_offset : 0;
  return realtime_now() + offset_s * kNanosPerSecond;
}

// Sends frame f of both flows at the f-th 20 ms boundary of CLOCK_REALTIME after start, and keeps when.
class FrameSender {
 public:
  FrameSender(TwoPortRig& rig, const StreamSpec& first, const StreamSpec& second) : rig_(rig), first_(first), second_(second) {}
  ~FrameSender() { stop(); }
  void start() {
    thread_ = std::thread([this] {
      Nanoseconds next = (realtime_now() / kFramePeriodNs + 1) * kFramePeriodNs;
      for (std::uint64_t f = 0; !stop_.load(); ++f, next += kFramePeriodNs) {
        const timespec at{static_cast<time_t>(next / kNanosPerSecond), static_cast<long>(next % kNanosPerSecond)};
        clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &at, nullptr);
        {
          const std::lock_guard lock(mutex_);
          sent_at_.push_back(realtime_now());
        }
        for (std::uint32_t p = 0; p < kPacketsPerFrame; ++p) {
          rig_.red.send(first_.packet(f * kPacketsPerFrame + p));
          rig_.blue.send(second_.packet(f * kPacketsPerFrame + p));
        }
      }
    });
  }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  // The first frame sent at or after `realtime_ns` (-1: none yet).
  [[nodiscard]] long long first_frame_at_or_after(Nanoseconds realtime_ns) const {
    const std::lock_guard lock(mutex_);
    for (std::size_t f = 0; f < sent_at_.size(); ++f) {
      if (sent_at_[f] >= realtime_ns) return static_cast<long long>(f);
    }
    return -1;
  }

 private:
  TwoPortRig& rig_;
  StreamBuilder first_;
  StreamBuilder second_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<Nanoseconds> sent_at_;
};

struct Switch {
  std::string to;
  std::uint8_t tag = 0;
  PtpTime at;
  Nanoseconds timescale_offset_ns = 0;  // the PTP timescale's lead on CLOCK_REALTIME (0 for ARB)
  long long landed_frame = -1;
};

// Halfway between two frames, `seconds` after `now`.
PtpTime between_frames(PtpTime now, double seconds) {
  const auto later = now.to_nanos() + static_cast<std::uint64_t>(seconds * 1e9);
  return PtpTime::from_nanos(later / kFramePeriodNs * kFramePeriodNs + kFramePeriodNs / 2);
}

}  // namespace

int main(int argc, char** argv) {
  ptp::ClockConfig config;
  config.slave_only = true;
  double seconds = 40;
  double arm_after_lock = 3.5;
  double arm_in_holdover = 2.5;
  const bool understood = crosspoint::test::read_probe_arguments(argc, argv, [&](const std::string& arg, const auto& next) {
    if (arg == "--interface") config.interface = next();
    else if (arg == "--seconds") seconds = std::stod(next());
    else if (arg == "--arm-after-lock") arm_after_lock = std::stod(next());
    else if (arg == "--arm-in-holdover") arm_in_holdover = std::stod(next());
    else if (arg == "--lock-threshold-ns") config.lock.lock_threshold_ns = std::stoll(next());
    else return false;
    return true;
  });
  if (!understood) return 2;
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::signal(SIGINT, [](int) { g_stop = 1; });

  ClockModel model;
  const Nanoseconds start = monotonic_raw_now();
  const auto since_start = [start] { return static_cast<double>(monotonic_raw_now() - start) * 1e-9; };

  // The clock first, as the daemon does: threads made after the EAL starts inherit its main lcore's CPU.
  auto clock = ptp::Clock::create(config, model);
  if (!clock) {
    std::printf("{\"error\":\"%s\"}\n", clock.error().c_str());
    return 1;
  }
  (*clock)->set_event_log([&](const std::string& line) {
    std::printf("{\"t\":%.3f,\"event\":\"%s\"}\n", since_start(), line.c_str());
    std::fflush(stdout);
  });
  (*clock)->start();

  // The worker SCHED_FIFO (as paced outputs run it): on a loaded machine a starved worker would route a frame
  // long after it came, against a deadline long passed.
  TwoPortRig rig([](EngineConfig& c) { c.workers.realtime_priority = 10; }, &model);
  StreamSpec camera;
  camera.packets_per_frame = kPacketsPerFrame;
  StreamSpec backup = camera;
  backup.tag = 2;
  backup.destination = st2110::Ipv4Address{0xEF010102};
  const st2110::Ipv4Address group{0xEF191919};
  const auto input = [](const std::string& id, const std::string& port, const StreamSpec& spec) {
    InputConfig in;
    in.id = id;
    in.legs = {InputLeg{port, spec.destination, spec.udp_port, std::nullopt}};
    return in;
  };
  if (!rig.engine.start() || !rig.engine.add_input(input("camera", "red", camera)) ||
      !rig.engine.add_input(input("backup", "blue", backup)) || !rig.engine.add_output(output_to("out", "red", group)) ||
      !rig.engine.arm_route("out", std::string("camera"))) {
    std::printf("{\"error\":\"the engine would not start\"}\n");
    return 1;
  }
  FrameSender sender(rig, camera, backup);
  sender.start();
  // The EAL is slow to start on a loaded machine: the test starts the masters once the engine runs.
  std::printf("{\"t\":%.3f,\"ready\":true}\n", since_start());
  std::fflush(stdout);

  std::vector<Switch> switches;
  std::uint8_t current_tag = 0;
  const auto arm = [&](const std::string& to, std::uint8_t tag, double after, const ptp::ClockStatus& status) {
    Switch s{to, tag, between_frames(model.now(), after), true_ptp_now(status) - realtime_now()};
    if (rig.engine.arm_route("out", to, s.at)) switches.push_back(s);
  };
  while (g_stop == 0 && since_start() < seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(125));
    const ptp::ClockStatus s = (*clock)->status();
    if (s.locked && switches.empty()) arm("backup", backup.tag, arm_after_lock, s);
    if (s.holdover && switches.size() == 1) arm("camera", camera.tag, arm_in_holdover, s);
    for (const auto& view : rtp_packets(rig.red.take_sent(), group)) {
      const PacketIdentity id = identify(view, st2110::MediaType::kVideo);
      if (id.tag != current_tag && current_tag != 0) {
        for (Switch& sw : switches) {
          if (sw.tag == id.tag && sw.landed_frame < 0) {
            sw.landed_frame = id.frame;
            break;
          }
        }
      }
      current_tag = id.tag;
    }
    const Nanoseconds truth = true_ptp_now(s);
    std::printf("{\"t\":%.3f,\"state\":\"%s\",\"gm\":\"%s\",\"locked\":%s,\"holdover\":%s,\"holdovers\":%llu,"
                "\"is04_locked\":%s,\"timescale\":\"%s\",\"offset_ns\":%lld,\"freq_ppb\":%.1f,\"true_error_ns\":%lld}\n",
                since_start(), std::string(ptp::to_string(s.port_state)).c_str(), s.grandmaster_identity.to_string().c_str(),
                s.locked ? "true" : "false", s.holdover ? "true" : "false", static_cast<unsigned long long>(s.holdovers),
                model.traceability().locked ? "true" : "false", s.timescale == Timescale::kPtp ? "PTP" : "ARB",
                static_cast<long long>(s.offset_from_master_ns), s.frequency_ppb,
                static_cast<long long>(static_cast<Nanoseconds>(model.now().to_nanos()) - truth));
    std::fflush(stdout);
  }
  sender.stop();
  for (const Switch& sw : switches) {
    // The right frame is the first sent at or after the switch's time in true time, not in the clock's.
    const long long expected = sender.first_frame_at_or_after(static_cast<Nanoseconds>(sw.at.to_nanos()) - sw.timescale_offset_ns);
    std::printf("{\"switch\":\"%s\",\"at\":\"%s\",\"landed_frame\":%lld,\"expected_frame\":%lld}\n", sw.to.c_str(),
                sw.at.to_nmos_string().c_str(), sw.landed_frame, expected);
  }
  std::fflush(stdout);
  rig.engine.stop();
  (*clock)->stop();
  return 0;
}
