// crosspoint-ptp-probe: runs a ptp::Clock on one interface for the interop tests and prints JSON lines: an
// event line per port state change, and a sample line every 125 ms with the clock's status and its true
// error against CLOCK_REALTIME (network namespaces share that clock, so it is the master's own time).
//
//   ptp_probe --interface veth1 [--priority1 N] [--slave-only] [--seconds S] [--domain D]
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "crosspoint/ptp/clock.hpp"
#include "../probe_arguments.hpp"
#include "clock_offset.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

volatile std::sig_atomic_t g_stop = 0;

// The model's time minus CLOCK_REALTIME moved onto the model's timescale, read at one instant.
Nanoseconds true_error(const ClockModel& model, const ClockStatus& status) {
  const ClockOffset utc = read_clock_offset(CLOCK_REALTIME, 5);
  const std::int64_t offset_s = status.timescale == Timescale::kPtp ? status.time_properties.current_utc_offset : 0;
  const Nanoseconds reference = utc.local_ns + utc.other_minus_local_ns + offset_s * kNanosPerSecond;
  return static_cast<Nanoseconds>(model.to_ptp(utc.local_ns).to_nanos()) - reference;
}

}  // namespace

int main(int argc, char** argv) {
  ClockConfig config;
  double seconds = 30;
  const bool understood = test::read_probe_arguments(argc, argv, [&](const std::string& arg, const auto& next) {
    if (arg == "--interface") config.interface = next();
    else if (arg == "--priority1") config.priority1 = static_cast<std::uint8_t>(std::stoi(next()));
    else if (arg == "--priority2") config.priority2 = static_cast<std::uint8_t>(std::stoi(next()));
    else if (arg == "--domain") config.domain = static_cast<std::uint8_t>(std::stoi(next()));
    else if (arg == "--log-sync-interval") config.log_sync_interval = static_cast<std::int8_t>(std::stoi(next()));
    else if (arg == "--slave-only") config.slave_only = true;
    else if (arg == "--seconds") seconds = std::stod(next());
    else return false;
    return true;
  });
  if (!understood) return 2;
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::signal(SIGINT, [](int) { g_stop = 1; });

  ClockModel model;
  auto clock = Clock::create(config, model);
  if (!clock) {
    std::printf("{\"error\":\"%s\"}\n", clock.error().c_str());
    return 1;
  }
  const Nanoseconds start = monotonic_raw_now();
  (*clock)->set_event_log([start](const std::string& line) {
    std::printf("{\"t\":%.3f,\"event\":\"%s\"}\n", static_cast<double>(monotonic_raw_now() - start) * 1e-9,
                line.c_str());
    std::fflush(stdout);
  });
  (*clock)->start();
  std::printf("{\"t\":0,\"identity\":\"%s\",\"timestamping\":\"%s\"}\n",
              (*clock)->identity().to_string().c_str(), std::string(to_string((*clock)->status().timestamping)).c_str());
  while (g_stop == 0 && static_cast<double>(monotonic_raw_now() - start) * 1e-9 < seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(125));
    const ClockStatus s = (*clock)->status();
    std::printf(
        "{\"t\":%.3f,\"state\":\"%s\",\"gm\":\"%s\",\"parent\":\"%s\",\"steps_removed\":%u,\"locked\":%s,"
        "\"holdover\":%s,"
        "\"timescale\":\"%s\",\"offset_ns\":%lld,\"delay_ns\":%lld,\"freq_ppb\":%.1f,\"true_error_ns\":%lld,"
        "\"dropped\":%llu}\n",
        static_cast<double>(monotonic_raw_now() - start) * 1e-9, std::string(to_string(s.port_state)).c_str(),
        s.grandmaster_identity.to_string().c_str(), s.parent.to_string().c_str(), s.steps_removed,
        s.locked ? "true" : "false", s.holdover ? "true" : "false", s.timescale == Timescale::kPtp ? "PTP" : "ARB",
        static_cast<long long>(s.offset_from_master_ns), static_cast<long long>(s.mean_path_delay_ns),
        s.frequency_ppb, static_cast<long long>(true_error(model, s)),
        static_cast<unsigned long long>(s.messages_dropped));
    std::fflush(stdout);
  }
  (*clock)->stop();
  return 0;
}
