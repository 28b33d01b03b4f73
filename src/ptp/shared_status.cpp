#include "shared_status.hpp"

#include <algorithm>

namespace crosspoint::ptp {

SharedStatus::SharedStatus(const ClockIdentity& identity, TimestampKind timestamping, std::size_t history_length)
    : history_(std::max<std::size_t>(history_length, 1)) {
  status_.clock_identity = identity;
  status_.timestamping = timestamping;
}

void SharedStatus::port_state_changed(PortState state) {
  std::lock_guard lock(mutex_);
  status_.port_state = state;
  ++status_.port_state_changes;
}

void SharedStatus::grandmaster_metadata(const std::optional<SynchronizationMetadata>& metadata) {
  std::lock_guard lock(mutex_);
  status_.grandmaster_metadata = metadata;
}

void SharedStatus::parent_changed(const DataSets& data_sets, bool locked, Timescale timescale) {
  std::lock_guard lock(mutex_);
  status_.grandmaster_identity = data_sets.parent.grandmaster_identity;
  status_.parent = data_sets.parent.parent_port;
  status_.steps_removed = data_sets.current.steps_removed;
  status_.locked = locked;
  status_.timescale = timescale;
  status_.parent_data_set = data_sets.parent;
  status_.time_properties = data_sets.time_properties;
}

void SharedStatus::record(const ClockSample& sample, std::uint16_t steps_removed) {
  std::lock_guard lock(mutex_);
  history_[next_] = sample;
  next_ = (next_ + 1) % history_.size();
  count_ = std::min(count_ + 1, history_.size());
  status_.offset_from_master_ns = sample.offset_ns;
  status_.mean_path_delay_ns = sample.mean_path_delay_ns;
  status_.frequency_ppb = sample.frequency_ppb;
  status_.locked = sample.locked;
  status_.steps_removed = steps_removed;
}

void SharedStatus::holdover_changed(bool holdover) {
  std::lock_guard lock(mutex_);
  if (holdover && !status_.holdover) ++status_.holdovers;
  status_.holdover = holdover;
}

ClockStatus SharedStatus::snapshot(std::uint64_t messages_dropped) const {
  std::lock_guard lock(mutex_);
  ClockStatus copy = status_;
  copy.messages_dropped = messages_dropped;
  copy.history.reserve(count_);
  const std::size_t oldest = (next_ + history_.size() - count_) % history_.size();
  for (std::size_t i = 0; i < count_; ++i) copy.history.push_back(history_[(oldest + i) % history_.size()]);
  return copy;
}

}  // namespace crosspoint::ptp
