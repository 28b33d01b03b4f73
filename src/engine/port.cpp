#include "port.hpp"

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>

namespace crosspoint::engine {

namespace {

std::string device_name(const std::string& device) { return device.substr(0, device.find(',')); }

Unexpected<EngineError> port_error(const PortConfig& config, const std::string& what, int code) {
  return engine_error(EngineErrorCode::kDpdk,
                      "port '" + config.name + "' (" + config.device + "): " + what + ": " + rte_strerror(-code));
}

}  // namespace

Expected<OpenPort, EngineError> open_port(const PortConfig& config, rte_mempool* rx_pool, std::uint16_t tx_queues,
                                         const ClockModel& clock, bool hold_replay) {
  OpenPort port;
  port.name = config.name;
  port.ipv4 = config.ipv4;
  port.worker = config.worker;
  const std::string name = device_name(config.device);
  if (is_replay_device(config.device)) {
    auto options = parse_replay_device(config.device);
    if (!options) return Unexpected{options.error()};
    options->held = hold_replay;
    auto replay = ReplaySource::start(*options, clock);
    if (!replay) return Unexpected{replay.error()};
    port.replay = std::move(*replay);
    port.port_id = port.replay->port_id();
  } else if (rte_eth_dev_get_port_by_name(name.c_str(), &port.port_id) != 0) {
    const int probed = rte_dev_probe(config.device.c_str());
    if (probed != 0) return port_error(config, "probe failed", probed);
    if (rte_eth_dev_get_port_by_name(name.c_str(), &port.port_id) != 0) {
      return engine_error(EngineErrorCode::kDpdk, "port '" + config.name + "': no ethdev named " + name);
    }
    port.probed = true;
  }

  rte_eth_dev_info info{};
  if (const int rc = rte_eth_dev_info_get(port.port_id, &info); rc != 0) return port_error(config, "device info", rc);
  if (info.max_tx_queues < tx_queues) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "port '" + config.name + "': " + std::to_string(tx_queues) + " workers need as many transmit queues, the device has " +
                            std::to_string(info.max_tx_queues));
  }
  rte_eth_conf conf{};
  // Fan-out sends a header mbuf chained to a shared payload.
  if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
  if (const int rc = rte_eth_dev_configure(port.port_id, 1, tx_queues, &conf); rc != 0) return port_error(config, "configure", rc);
  std::uint16_t rx_descriptors = static_cast<std::uint16_t>(config.rx_descriptors);
  std::uint16_t tx_descriptors = static_cast<std::uint16_t>(config.tx_descriptors);
  rte_eth_dev_adjust_nb_rx_tx_desc(port.port_id, &rx_descriptors, &tx_descriptors);
  const int socket = rte_eth_dev_socket_id(port.port_id);
  const unsigned socket_id = socket < 0 ? 0U : static_cast<unsigned>(socket);
  if (const int rc = rte_eth_rx_queue_setup(port.port_id, 0, rx_descriptors, socket_id, nullptr, rx_pool); rc != 0) {
    return port_error(config, "receive queue", rc);
  }
  for (std::uint16_t q = 0; q < tx_queues; ++q) {
    if (const int rc = rte_eth_tx_queue_setup(port.port_id, q, tx_descriptors, socket_id, nullptr); rc != 0) {
      return port_error(config, "transmit queue", rc);
    }
  }
  if (config.mac) {
    rte_ether_addr address{};
    std::copy(config.mac->octets.begin(), config.mac->octets.end(), address.addr_bytes);
    rte_eth_dev_default_mac_addr_set(port.port_id, &address);  // some virtual devices cannot; we send it anyway
    port.mac = *config.mac;
  } else {
    rte_ether_addr address{};
    rte_eth_macaddr_get(port.port_id, &address);
    std::copy(std::begin(address.addr_bytes), std::end(address.addr_bytes), port.mac.octets.begin());
  }
  // Multicast flows must reach us whatever the device filters.
  rte_eth_promiscuous_enable(port.port_id);
  rte_eth_allmulticast_enable(port.port_id);
  if (const int rc = rte_eth_dev_start(port.port_id); rc != 0) return port_error(config, "start", rc);
  return port;
}

void close_port(OpenPort& port) {
  rte_eth_dev_info info{};
  rte_eth_dev_info_get(port.port_id, &info);
  rte_device* device = info.device;
  rte_eth_dev_stop(port.port_id);
  // An ethdev the application created stays its own: stopped, ready for the next start().
  if (port.probed || port.replay) rte_eth_dev_close(port.port_id);
  if (port.probed && device != nullptr) rte_dev_remove(device);
  port.replay.reset();
}

}  // namespace crosspoint::engine
