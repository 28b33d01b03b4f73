#include "crosspoint/ptp/clock_config.hpp"

namespace crosspoint::ptp {
namespace {

void check_range(std::vector<std::string>& problems, const char* name, int value, int low, int high) {
  if (value < low || value > high) {
    problems.push_back(std::string(name) + " " + std::to_string(value) + " is outside the ST 2059-2 range " +
                       std::to_string(low) + ".." + std::to_string(high));
  }
}

}  // namespace

std::vector<std::string> validate(const ClockConfig& config) {
  std::vector<std::string> problems;
  if (config.interface.empty()) problems.emplace_back("no network interface given for PTP");
  check_range(problems, "domainNumber", config.domain, 0, 127);
  check_range(problems, "logAnnounceInterval", config.log_announce_interval, -3, 1);
  check_range(problems, "logSyncInterval", config.log_sync_interval, -7, -1);
  // ST 2059-2: at least the sync interval, at most 5 above it.
  check_range(problems, "logMinDelayReqInterval", config.log_min_delay_req_interval, config.log_sync_interval,
              config.log_sync_interval + 5);
  check_range(problems, "announceReceiptTimeout", config.announce_receipt_timeout, 2, 10);
  if (!config.slave_only && config.quality.clock_class == 255) {
    problems.emplace_back("clockClass 255 is for slave-only clocks; set slave_only or another class");
  }
  if (config.servo.proportional_gain <= 0 || config.servo.proportional_gain >= 1) {
    problems.emplace_back("servo proportional gain must be in (0, 1)");
  }
  if (config.servo.integral_gain < 0 || config.servo.integral_gain >= config.servo.proportional_gain) {
    problems.emplace_back("servo integral gain must be in [0, proportional gain)");
  }
  if (config.synchronization_metadata.frame_rate_denominator == 0) {
    problems.emplace_back("the SM TLV frame rate denominator must not be 0");
  }
  if (config.lock.lock_threshold_ns <= 0 || config.lock.lock_threshold_ns >= config.lock.unlock_threshold_ns) {
    problems.push_back("lock threshold " + std::to_string(config.lock.lock_threshold_ns) +
                       " ns must be above 0 and below the unlock threshold (" +
                       std::to_string(config.lock.unlock_threshold_ns) + " ns)");
  }
  if (config.dscp_event > 63 || config.dscp_general > 63) problems.emplace_back("DSCP values are 0..63");
  return problems;
}

}  // namespace crosspoint::ptp
