// The reference: dpdk-testpmd in macswap mode on the same virtual devices and capture, run as a child
// process with its own EAL (its own file prefix) while crosspoint's engine is idle.
#pragma once

#include <string>

#include "crosspoint/expected.hpp"

namespace crosspoint::bench {

struct TestpmdResult {
  double rx_mpps = 0.0;          // port 0 (the replayed capture), averaged over the steady seconds
  double rx_mpps_per_cpu = 0.0;  // the same packets per second of CPU its forwarding lcore ran
  unsigned samples = 0;
  std::string command;
};

Expected<TestpmdResult, std::string> run_testpmd_macswap(const std::string& capture, unsigned seconds);

}  // namespace crosspoint::bench
