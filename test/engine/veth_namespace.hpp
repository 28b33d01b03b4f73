// A network namespace the test creates with one end of a veth pair in it (192.0.2.1/24); the other end
// stays here, without an address, for the engine's net_af_packet port. Needs root (CAP_NET_ADMIN).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace crosspoint::engine::test {

inline int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

struct VethNamespace {
  std::string ns = "xp-engine-" + std::to_string(getpid());
  std::string outside = "xpa" + std::to_string(getpid());
  std::string inside = "xpb" + std::to_string(getpid());
  bool ready = false;

  VethNamespace() {
    ready = run("ip netns add " + ns) == 0 &&
            run("ip link add " + outside + " type veth peer name " + inside) == 0 &&
            run("ip link set " + inside + " netns " + ns) == 0 &&
            run("ip -n " + ns + " addr add 192.0.2.1/24 dev " + inside) == 0 &&
            run("ip -n " + ns + " link set " + inside + " up") == 0 && run("ip -n " + ns + " link set lo up") == 0 &&
            run("ip link set " + outside + " up") == 0;
  }
  ~VethNamespace() {
    run("ip link del " + outside);
    run("ip netns del " + ns);
  }
};

}  // namespace crosspoint::engine::test
