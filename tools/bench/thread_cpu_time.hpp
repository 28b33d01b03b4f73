// CPU time a named thread of a process has been given, from /proc: "Mpps per lcore" counts packets per
// second of CPU the forwarding lcore actually ran, so a shared, busy machine skews neither side.
#pragma once

#include <optional>
#include <string>

#include <sys/types.h>

namespace crosspoint::bench {

// Seconds of user + system time of the first thread of `pid` whose name is `thread_name`
// (DPDK 22.11 names its workers "rte-worker-<n>").
std::optional<double> thread_cpu_seconds(pid_t pid, const std::string& thread_name);

}  // namespace crosspoint::bench
