// The clock's status between its thread (the only writer) and the control plane (readers): one lock, held for
// a copy. Keeps the last samples in a ring for plotting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "crosspoint/ptp/clock_status.hpp"

namespace crosspoint::ptp {

class SharedStatus {
 public:
  SharedStatus(const ClockIdentity& identity, TimestampKind timestamping, std::size_t history_length);

  void port_state_changed(PortState state);
  void grandmaster_metadata(const std::optional<SynchronizationMetadata>& metadata);
  // After a change of parent, grandmaster, time properties or lock.
  void parent_changed(const DataSets& data_sets, bool locked, Timescale timescale);
  void record(const ClockSample& sample, std::uint16_t steps_removed);
  void holdover_changed(bool holdover);

  [[nodiscard]] ClockStatus snapshot(std::uint64_t messages_dropped) const;

 private:
  mutable std::mutex mutex_;
  ClockStatus status_;
  std::vector<ClockSample> history_;  // ring
  std::size_t next_ = 0;
  std::size_t count_ = 0;
};

}  // namespace crosspoint::ptp
