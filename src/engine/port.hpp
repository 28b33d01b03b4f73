// Opening a configured port: find or probe the device, configure one receive queue (polled by its
// worker) and one transmit queue per worker, start it. Closing removes what the engine probed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <rte_mempool.h>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/engine_error.hpp"
#include "replay_source.hpp"

namespace crosspoint::engine {

struct OpenPort {
  std::string name;
  std::uint16_t port_id = 0;
  st2110::MacAddress mac;
  st2110::Ipv4Address ipv4;
  unsigned worker = 0;
  bool probed = false;  // the engine created the device and removes it on close
  std::unique_ptr<ReplaySource> replay;  // for "replay:" devices: the thread feeding the port
};

// `clock` feeds replay ports that restamp; it must outlive the port. `hold_replay`: a replay port waits for its
// source's play().
Expected<OpenPort, EngineError> open_port(const PortConfig& config, rte_mempool* rx_pool, std::uint16_t tx_queues,
                                         const ClockModel& clock, bool hold_replay);
void close_port(OpenPort& port);

}  // namespace crosspoint::engine
