// The clock's thread: it waits on the transport until a message arrives or the state machine's next deadline,
// and tells the state machine what happened at what time. The protocol itself is ClockStateMachine.
#include "crosspoint/ptp/clock.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "clock_state_machine.hpp"
#include "pi_servo.hpp"
#include "time_reader.hpp"
#include "udp_transport.hpp"

namespace crosspoint::ptp {
namespace {

constexpr Nanoseconds kMaxWait = 50'000'000;  // the loop wakes at least this often to notice stop()

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "; ") + line;
  return text;
}

}  // namespace

class Clock::Running {
 public:
  Running(const ClockConfig& config, ClockModel& model, std::unique_ptr<Transport> transport,
          const ServoFactory& servos)
      : transport_(std::move(transport)), machine_(config, model, *transport_, time_, servos) {}
  ~Running() { stop(); }

  void start() {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  ClockStateMachine& machine() { return machine_; }
  [[nodiscard]] const ClockStateMachine& machine() const { return machine_; }

 private:
  void run() {
    machine_.initialize(time_.local_now());
    while (running_) {
      machine_.advance(time_.local_now());
      const Nanoseconds now = time_.local_now();
      const Nanoseconds wake = std::min(now + kMaxWait, machine_.next_deadline());
      if (auto received = transport_->receive(wake - now)) machine_.receive(*received, time_.local_now());
    }
  }

  std::unique_ptr<Transport> transport_;
  HostTimeReader time_;
  ClockStateMachine machine_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

Expected<std::unique_ptr<Clock>, std::string> Clock::create(const ClockConfig& config, ClockModel& model) {
  if (auto problems = validate(config); !problems.empty()) {
    return Unexpected{"PTP configuration rejected: " + join(problems)};
  }
  auto transport = UdpTransport::open(
      UdpTransportConfig{config.interface, config.timestamping, config.dscp_event, config.dscp_general});
  if (!transport) return Unexpected{"PTP transport on " + config.interface + ": " + transport.error()};
  return create(config, model, std::move(*transport));
}

Expected<std::unique_ptr<Clock>, std::string> Clock::create(const ClockConfig& config, ClockModel& model,
                                                            std::unique_ptr<Transport> transport,
                                                            ServoFactory servos) {
  if (auto problems = validate(config); !problems.empty()) {
    return Unexpected{"PTP configuration rejected: " + join(problems)};
  }
  if (!servos) servos = pi_servo_factory(config.servo);
  return std::unique_ptr<Clock>(
      new Clock(std::make_unique<Running>(config, model, std::move(transport), servos)));
}

Clock::Clock(std::unique_ptr<Running> running) : running_(std::move(running)) {}
Clock::~Clock() = default;

void Clock::set_event_log(std::function<void(const std::string&)> log) {
  running_->machine().set_event_log(std::move(log));
}
void Clock::start() { running_->start(); }
void Clock::stop() { running_->stop(); }
ClockStatus Clock::status() const { return running_->machine().status(); }
const DropCounters& Clock::drops() const { return running_->machine().drops(); }
ClockIdentity Clock::identity() const { return running_->machine().identity(); }

}  // namespace crosspoint::ptp
