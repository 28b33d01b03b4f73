// What a running port is, as the rest of the program needs it (the NMOS node advertises its interfaces):
// its address and its link, with no DPDK type in sight.
#pragma once

#include <cstdint>
#include <string>

#include "crosspoint/st2110/ethernet.hpp"

namespace crosspoint::engine {

struct PortStatus {
  std::string name;
  st2110::MacAddress mac;        // the source address the port sends with: configured, or the device's own
  bool link_up = false;
  std::uint32_t speed_mbps = 0;  // 0: unknown (virtual devices often report none)
  bool full_duplex = false;
};

}  // namespace crosspoint::engine
