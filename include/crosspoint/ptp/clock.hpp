// ptp::Clock: an IEEE 1588-2008 ordinary clock with the SMPTE ST 2059-2 profile, slave- and master-capable,
// on one port. It runs on its own thread, elects a master with the BMCA, follows it with two-step sync, E2E
// delay measurement and a servo (PI unless another is given), and publishes the result into the process's
// ClockModel; alone on its network it is the grandmaster (Announce with the SM TLV, Sync + Follow_Up,
// Delay_Resp).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "crosspoint/expected.hpp"
#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/clock_status.hpp"
#include "crosspoint/ptp/identity.hpp"
#include "crosspoint/ptp/servo.hpp"
#include "crosspoint/ptp/transport.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

class DropCounters;  // received messages ignored, by reason (src/ptp/drop_counters.hpp)

class Clock {
 public:
  // Checks the configuration against the profile (all problems in one message) and opens the UDP transport
  // on config.interface.
  static Expected<std::unique_ptr<Clock>, std::string> create(const ClockConfig& config, ClockModel& model);
  // The same on a transport of the caller's choice, with the servos `servos` makes (empty: the PI servo with
  // config.servo).
  static Expected<std::unique_ptr<Clock>, std::string> create(const ClockConfig& config, ClockModel& model,
                                                              std::unique_ptr<Transport> transport,
                                                              ServoFactory servos = {});
  ~Clock();
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;

  // Receives one line per port state change and notable event (for the daemon's log); set before start().
  void set_event_log(std::function<void(const std::string&)> log);

  void start();  // spawns the clock's thread
  void stop();   // joins it; idempotent

  [[nodiscard]] ClockStatus status() const;
  [[nodiscard]] const DropCounters& drops() const;
  [[nodiscard]] ClockIdentity identity() const;

 private:
  class Running;
  explicit Clock(std::unique_ptr<Running> running);

  std::unique_ptr<Running> running_;
};

}  // namespace crosspoint::ptp
