#include "port_link.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include <rte_ethdev.h>

namespace crosspoint::engine {
namespace {

// False when the kernel interface is down or has no carrier; true when it cannot be asked.
bool kernel_interface_running(std::uint32_t if_index) {
  char name[IF_NAMESIZE] = {};
  if (if_indextoname(if_index, name) == nullptr) return false;  // gone
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return true;
  ifreq request{};
  std::memcpy(request.ifr_name, name, sizeof request.ifr_name);
  const bool asked = ioctl(fd, SIOCGIFFLAGS, &request) == 0;
  close(fd);
  if (!asked) return true;
  const auto flags = static_cast<unsigned>(request.ifr_flags);
  return (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0;
}

}  // namespace

PortLink read_port_link(std::uint16_t port_id) {
  PortLink link;
  rte_eth_link device{};
  if (rte_eth_link_get_nowait(port_id, &device) != 0) return link;
  link.up = device.link_status == RTE_ETH_LINK_UP;
  link.speed_mbps = device.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : device.link_speed;
  link.full_duplex = device.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
  rte_eth_dev_info info{};
  if (link.up && rte_eth_dev_info_get(port_id, &info) == 0 && info.if_index != 0) {
    link.up = kernel_interface_running(info.if_index);
  }
  return link;
}

}  // namespace crosspoint::engine
