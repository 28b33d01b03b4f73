// A port's link as the control plane reads it (never the data path). A virtual device over a kernel
// interface (net_af_packet) says its link is up from start to stop whatever the interface does, so where the
// device names a kernel interface, that interface's own state (administratively up and running) decides.
#pragma once

#include <cstdint>

namespace crosspoint::engine {

struct PortLink {
  bool up = false;
  std::uint32_t speed_mbps = 0;  // 0: unknown
  bool full_duplex = false;
};

[[nodiscard]] PortLink read_port_link(std::uint16_t port_id);

}  // namespace crosspoint::engine
