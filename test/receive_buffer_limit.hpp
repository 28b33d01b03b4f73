// Raising net.core.rmem_max, the ceiling of a socket's SO_RCVBUF, so that FFmpeg's -buffer_size takes effect
// (../shared/INTEROP.md: without it a frame's burst overflows the socket and FFmpeg misses packets).
#pragma once

#include <fstream>

// Its own namespace, as skip.hpp's: crosspoint::test would make `test::` ambiguous in the engine's tests.
namespace crosspoint::socket_limits {

// Raises the limit to at least `bytes` from the test's own (the initial) network namespace: on kernels where the
// sysctl is not per namespace, the initial namespace's value is the one sockets in a test's namespace take, and
// writing it from inside one fails (Linux 6.18 here: EINVAL, while `sysctl -w` still exits 0). Returns whether
// the limit is now at least `bytes` (false without root).
inline bool raise_receive_buffer_limit(long bytes) {
  long current = 0;
  {
    std::ifstream in("/proc/sys/net/core/rmem_max");
    in >> current;
  }
  if (current >= bytes) return true;
  std::ofstream out("/proc/sys/net/core/rmem_max");
  out << bytes;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace crosspoint::socket_limits
