// The ordinary clock's protocol as a state machine over one port: received messages and the passing of local
// time go in; port states, the data sets, messages sent on the transport and servo outputs applied to the
// ClockModel come out. It has no thread and reads no clock of its own: the caller says what time it is (the
// Clock's thread from the host, a test from its script), and time is read through the TimeReader it is given.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "clock_data_sets.hpp"
#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/clock_status.hpp"
#include "crosspoint/ptp/servo.hpp"
#include "crosspoint/ptp/transport.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "drop_counters.hpp"
#include "e2e_measurement.hpp"
#include "foreign_masters.hpp"
#include "holdover_rate.hpp"
#include "lock_detector.hpp"
#include "message.hpp"
#include "model_discipline.hpp"
#include "outlier_filter.hpp"
#include "shared_status.hpp"
#include "time_reader.hpp"

namespace crosspoint::ptp {

class ClockStateMachine {
 public:
  // The configuration is valid (validate() found nothing). `servos` makes the network and system servos.
  ClockStateMachine(const ClockConfig& config, ClockModel& model, Transport& transport, TimeReader& time,
                    const ServoFactory& servos);
  ClockStateMachine(const ClockStateMachine&) = delete;
  ClockStateMachine& operator=(const ClockStateMachine&) = delete;

  void set_event_log(std::function<void(const std::string&)> log) { event_log_ = std::move(log); }

  // INITIALIZE at local time `now`: LISTENING, the announce receipt timeout running.
  void initialize(Nanoseconds now);
  // One message from the transport, handled at local time `now`.
  void receive(const ReceivedMessage& received, Nanoseconds now);
  // Whatever is due by `now`: the announce receipt timeout, the BMCA, and the messages of the port's state.
  void advance(Nanoseconds now);
  // When advance() has work next.
  [[nodiscard]] Nanoseconds next_deadline() const;

  [[nodiscard]] ClockStatus status() const { return status_.snapshot(drops_.total()); }  // any thread
  [[nodiscard]] const DropCounters& drops() const { return drops_; }                    // any thread
  [[nodiscard]] const DataSets& data_sets() const { return data_sets_.get(); }
  [[nodiscard]] ClockIdentity identity() const { return data_sets_.get().default_ds.identity; }

 private:
  void on_announce(const Header& header, const Announce& announce, Nanoseconds now);
  [[nodiscard]] bool from_parent(const Header& header);
  void on_sync(const Header& header, const Sync& sync, std::optional<Nanoseconds> rx, Nanoseconds now);
  void on_follow_up(const Header& header, const FollowUp& follow_up, Nanoseconds now);
  void on_delay_req(const Header& header, std::optional<Nanoseconds> rx);
  void on_delay_resp(const Header& header, const DelayResp& response);
  void on_management(const Header& header, const Management& request);

  void run_bmc(Nanoseconds now);
  void on_announce_timeout(Nanoseconds now);
  void become(PortState state, const std::string& why);
  void become_master(Nanoseconds now, const char* why);
  void become_slave(const ForeignMaster& master, Nanoseconds now);
  void follow(const ForeignMaster& master);
  void restart_announce_timeout(Nanoseconds now);
  void set_holdover(bool holdover, Nanoseconds now);
  void lose_master(Nanoseconds now);
  void drop_lock();

  void send_announce(Nanoseconds now);
  void send_sync(Nanoseconds now);
  void send_delay_req(Nanoseconds now);
  void follow_system_clock(Nanoseconds now);
  void use_offset(const OffsetSample& sample, Servo& servo, Nanoseconds now);
  [[nodiscard]] SynchronizationMetadata own_metadata() const;

  [[nodiscard]] Header header_for(std::uint16_t sequence, std::int8_t log_interval) const;
  void send(const Message& message);
  void publish_traceability();
  void log(const std::string& line) const;
  void report_send_failure(const std::string& what);

  ClockConfig config_;
  ClockModel& model_;
  Transport& transport_;
  TimeReader& time_;

  ClockDataSets data_sets_;
  ForeignMasters foreign_;
  E2eMeasurement e2e_;
  std::unique_ptr<Servo> network_servo_;
  std::unique_ptr<Servo> system_servo_;  // as grandmaster, following the host's clock
  LockDetector lock_;
  OutlierFilter outliers_;
  ModelDiscipline discipline_;
  bool locked_ = false;
  bool holdover_ = false;  // see ClockStatus::holdover
  HoldoverRate holdover_rate_;

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
  SharedStatus status_;
  std::function<void(const std::string&)> event_log_;
  std::string last_send_failure_;
};

}  // namespace crosspoint::ptp
