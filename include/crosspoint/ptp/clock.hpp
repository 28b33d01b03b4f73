// ptp::Clock: an IEEE 1588-2008 ordinary clock with the SMPTE ST 2059-2 profile, slave- and master-capable,
// on one port. It runs on its own thread, elects a master with the BMCA, follows it with two-step sync, E2E
// delay measurement and a PI servo, and publishes the result into the process's ClockModel; alone on its
// network it is the grandmaster (Announce with the SM TLV, Sync + Follow_Up, Delay_Resp).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "crosspoint/expected.hpp"
#include "crosspoint/ptp/bmc.hpp"
#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/clock_status.hpp"
#include "crosspoint/ptp/data_sets.hpp"
#include "crosspoint/ptp/drop_counters.hpp"
#include "crosspoint/ptp/e2e_measurement.hpp"
#include "crosspoint/ptp/foreign_masters.hpp"
#include "crosspoint/ptp/lock_detector.hpp"
#include "crosspoint/ptp/message.hpp"
#include "crosspoint/ptp/model_discipline.hpp"
#include "crosspoint/ptp/outlier_filter.hpp"
#include "crosspoint/ptp/pi_servo.hpp"
#include "crosspoint/ptp/transport.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {

class Clock {
 public:
  // Checks the configuration against the profile (all problems in one message) and opens the UDP transport
  // on config.interface.
  static Expected<std::unique_ptr<Clock>, std::string> create(const ClockConfig& config, ClockModel& model);
  // The same on a transport of the caller's choice.
  static Expected<std::unique_ptr<Clock>, std::string> create(const ClockConfig& config, ClockModel& model,
                                                              std::unique_ptr<Transport> transport);
  ~Clock();
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;

  // Receives one line per port state change and notable event (for the daemon's log); set before start().
  void set_event_log(std::function<void(const std::string&)> log) { event_log_ = std::move(log); }

  void start();  // spawns the clock's thread
  void stop();   // joins it; idempotent

  [[nodiscard]] ClockStatus status() const;
  [[nodiscard]] const DropCounters& drops() const { return drops_; }
  [[nodiscard]] ClockIdentity identity() const { return default_ds_.identity; }

 private:
  Clock(const ClockConfig& config, ClockModel& model, std::unique_ptr<Transport> transport);

  void run();
  void handle(const ReceivedMessage& received, Nanoseconds now);
  void on_announce(const Header& header, const Announce& announce, Nanoseconds now);
  void on_sync(const Header& header, const Sync& sync, std::optional<Nanoseconds> rx);
  void on_follow_up(const Header& header, const FollowUp& follow_up);
  void on_delay_req(const Header& header, std::optional<Nanoseconds> rx);
  void on_delay_resp(const Header& header, const DelayResp& response);
  void on_management(const Header& header, const Management& request);

  void run_bmc(Nanoseconds now);
  void become_master(Nanoseconds now, const char* why);
  void become_slave(const ForeignMaster& master, Nanoseconds now);
  void become(PortState state, const std::string& why);
  void update_parent(const ForeignMaster& master);
  void on_announce_timeout(Nanoseconds now);

  void send_announce();
  void send_sync();
  [[nodiscard]] SynchronizationMetadata own_metadata() const;
  void send_delay_req(Nanoseconds now);
  void follow_system_clock(Nanoseconds now);
  void use_offset(const OffsetSample& sample, Servo& servo, Nanoseconds now);

  [[nodiscard]] Header header_for(std::uint16_t sequence, std::int8_t log_interval) const;
  void send(const Message& message);
  [[nodiscard]] Nanoseconds interval(std::int8_t log2_seconds) const;
  void restart_announce_timeout(Nanoseconds now);
  void publish_traceability();
  void record(const ClockSample& sample);
  void log(const std::string& line) const;
  void report_send_failure(const std::string& what);

  ClockConfig config_;
  ClockModel& model_;
  std::unique_ptr<Transport> transport_;

  // Data sets (8.2), written only by the clock's thread.
  DefaultDataSet default_ds_;
  CurrentDataSet current_ds_;
  ParentDataSet parent_ds_;
  TimePropertiesDataSet time_properties_ds_;
  PortDataSet port_ds_;

  ForeignMasters foreign_;
  E2eMeasurement e2e_;
  PiServo network_servo_;
  PiServo system_servo_;
  LockDetector lock_;
  OutlierFilter outliers_;
  ModelDiscipline discipline_;
  bool locked_ = false;

  std::uint16_t announce_sequence_ = 0;
  std::uint16_t sync_sequence_ = 0;
  std::uint16_t delay_req_sequence_ = 0;

  Nanoseconds announce_timeout_at_ = 0;
  Nanoseconds next_announce_at_ = 0;
  Nanoseconds next_sync_at_ = 0;
  Nanoseconds next_delay_req_at_ = 0;
  Nanoseconds next_bmc_at_ = 0;
  Nanoseconds next_system_sample_at_ = 0;
  std::mt19937_64 random_;

  DropCounters drops_;
  std::function<void(const std::string&)> event_log_;
  std::string last_send_failure_;
  std::atomic<bool> running_{false};
  std::thread thread_;

  mutable std::mutex status_mutex_;
  ClockStatus status_;
  std::vector<ClockSample> history_;  // ring
  std::size_t history_next_ = 0;
  std::size_t history_count_ = 0;
};

}  // namespace crosspoint::ptp
