#include "testpmd_reference.hpp"
#include "thread_cpu_time.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <cstdio>
#include <optional>
#include <utility>
#include <memory>
#include <sstream>
#include <vector>

namespace crosspoint::bench {

Expected<TestpmdResult, std::string> run_testpmd_macswap(const std::string& capture, unsigned seconds) {
  TestpmdResult result;
  std::ostringstream command;
  // The shell prints testpmd's pid (exec keeps it) so we can stop it with SIGINT once it has printed
  // `seconds` steady Rx-pps samples (--stats-period 1), and read its forwarding lcore's CPU time.
  command << "sh -c 'echo pid $$; exec dpdk-testpmd --no-huge --no-pci -m 1024 --file-prefix "
          << "crosspoint-bench-testpmd-" << getpid() << " --vdev net_pcap0,rx_pcap=" << capture
          << ",infinite_rx=1 --vdev net_null0,no-rx=1 -l 0-1"
          << " -- --total-num-mbufs=16384 --forward-mode=macswap --stats-period 1 -a' 2>&1";
  result.command = command.str();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(result.command.c_str(), "r"), pclose);
  if (!pipe) return Unexpected{std::string("cannot run dpdk-testpmd")};
  std::vector<double> rates;
  std::uint64_t port0_packets = 0;
  std::optional<std::pair<std::uint64_t, double>> steady_start;  // (packets, cpu seconds) at the first steady sample
  std::pair<std::uint64_t, double> steady_end{0, 0.0};
  pid_t child = 0;
  bool stopping = false;
  int port = -1;
  char line[512];
  // A backstop for a testpmd that never starts forwarding.
  std::atomic<bool> finished{false};
  std::atomic<pid_t> watched{0};
  std::thread watchdog([&] {
    for (int i = 0; i < 450 && !finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!finished && watched > 0) kill(watched, SIGKILL);
  });
  while (fgets(line, sizeof line, pipe.get()) != nullptr) {
    const std::string text(line);
    if (text.rfind("pid ", 0) == 0 && child == 0) {
      child = static_cast<pid_t>(std::atoi(text.c_str() + 4));
      watched = child;
    } else if (const auto at = text.find("statistics for port"); at != std::string::npos) {
      port = std::atoi(text.c_str() + at + 20);
    } else if (const auto packets = text.find("RX-packets:"); packets != std::string::npos && port == 0) {
      port0_packets = std::strtoull(text.c_str() + packets + 11, nullptr, 10);
    } else if (const auto pps = text.find("Rx-pps:"); pps != std::string::npos && port == 0) {
      const double rate = std::atof(text.c_str() + pps + 7);
      if (!rates.empty() && child > 0) {
        if (const auto cpu = thread_cpu_seconds(child, "rte-worker-1")) {
          if (!steady_start) steady_start = std::pair{port0_packets, *cpu};
          steady_end = {port0_packets, *cpu};
        }
      }
      // Leading zeros are the capture preloading; the first non-zero second is partial.
      if (rate > 0 || !rates.empty()) rates.push_back(rate);
      // The first sample is partial and opens the CPU-time window: `seconds` whole intervals follow it.
      if (rates.size() >= seconds + 2 && child > 0 && !stopping) {
        stopping = true;
        kill(child, SIGINT);
      }
    }
  }
  pipe.reset();
  finished = true;
  watchdog.join();
  if (rates.size() < 2) return Unexpected{std::string("dpdk-testpmd printed too few statistics: ") + result.command};
  double sum = 0;
  for (std::size_t i = 1; i < rates.size(); ++i) sum += rates[i];
  result.samples = static_cast<unsigned>(rates.size() - 1);
  result.rx_mpps = sum / result.samples / 1e6;
  if (steady_start && steady_end.second > steady_start->second) {
    result.rx_mpps_per_cpu = static_cast<double>(steady_end.first - steady_start->first) /
                             (steady_end.second - steady_start->second) / 1e6;
  }
  return result;
}

}  // namespace crosspoint::bench
