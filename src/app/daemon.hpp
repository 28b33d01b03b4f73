// The crosspoint daemon: wires the parts in start-up order (time, PTP, engine, NMOS) and takes them down in
// reverse. It holds no protocol logic of its own.
#pragma once

#include <memory>
#include <string>

#include "daemon_config.hpp"

namespace crosspoint::app {

class Daemon {
 public:
  explicit Daemon(DaemonConfig config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts every part; false (with the reason logged) when a part the configuration needs cannot start.
  bool start();
  // Logs a one-line summary of PTP and engine counters.
  void log_status() const;
  // Removes from the engine every output sent on `port` (a recording that reached its size limit); returns
  // how many.
  unsigned remove_outputs_on_port(const std::string& port);
  void stop();

 private:
  struct Parts;
  DaemonConfig config_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace crosspoint::app
