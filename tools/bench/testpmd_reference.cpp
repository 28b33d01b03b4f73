#include "testpmd_reference.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <vector>

namespace crosspoint::bench {

Expected<TestpmdResult, std::string> run_testpmd_macswap(const std::string& capture, unsigned seconds) {
  TestpmdResult result;
  std::ostringstream command;
  // The shell prints testpmd's pid (exec keeps it) so we can stop it with SIGINT once it has printed
  // `seconds` steady Rx-pps samples (--stats-period 1); `timeout` is only the backstop on a stalled start.
  command << "sh -c 'echo pid $$; exec timeout -s INT 45 dpdk-testpmd --no-huge --no-pci -m 1024 --file-prefix "
          << "crosspoint-bench-testpmd-" << getpid() << " --vdev net_pcap0,rx_pcap=" << capture
          << ",infinite_rx=1 --vdev net_null0,no-rx=1 -l 0-1"
          << " -- --total-num-mbufs=16384 --forward-mode=macswap --stats-period 1 -a' 2>&1";
  result.command = command.str();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(result.command.c_str(), "r"), pclose);
  if (!pipe) return Unexpected{std::string("cannot run dpdk-testpmd")};
  std::vector<double> rates;
  pid_t child = 0;
  bool stopping = false;
  int port = -1;
  char line[512];
  while (fgets(line, sizeof line, pipe.get()) != nullptr) {
    const std::string text(line);
    if (text.rfind("pid ", 0) == 0 && child == 0) {
      child = static_cast<pid_t>(std::atoi(text.c_str() + 4));
    } else if (const auto at = text.find("statistics for port"); at != std::string::npos) {
      port = std::atoi(text.c_str() + at + 20);
    } else if (const auto pps = text.find("Rx-pps:"); pps != std::string::npos && port == 0) {
      const double rate = std::atof(text.c_str() + pps + 7);
      // Leading zeros are the capture preloading; the first non-zero second is partial.
      if (rate > 0 || !rates.empty()) rates.push_back(rate);
      if (rates.size() >= seconds + 1 && child > 0 && !stopping) {
        stopping = true;
        kill(child, SIGINT);
      }
    }
  }
  if (rates.size() < 2) return Unexpected{std::string("dpdk-testpmd printed too few statistics: ") + result.command};
  double sum = 0;
  for (std::size_t i = 1; i < rates.size(); ++i) sum += rates[i];
  result.samples = static_cast<unsigned>(rates.size() - 1);
  result.rx_mpps = sum / result.samples / 1e6;
  return result;
}

}  // namespace crosspoint::bench
