#include "foreign_masters.hpp"

#include <algorithm>

namespace crosspoint::ptp {

bool ForeignMasters::observe(const Header& header, const Announce& announce, Nanoseconds now) {
  if (header.source.clock == receiver_.clock || announce.steps_removed >= 255) return false;
  Record* record = nullptr;
  for (std::size_t i = 0; i < count_; ++i) {
    if (records_[i].master.header.source == header.source) record = &records_[i];
  }
  if (record == nullptr) {
    if (count_ == kCapacity) expire(now);
    if (count_ == kCapacity) return false;  // a crowded segment: keep the masters we know
    record = &records_[count_++];
    *record = Record{};
  }
  record->master.header = header;
  record->master.announce = announce;
  record->master.data_set = ComparisonDataSet{announce.grandmaster_priority1, announce.grandmaster_identity,
                                              announce.grandmaster_quality,  announce.grandmaster_priority2,
                                              announce.steps_removed,        header.source,
                                              receiver_};
  std::move_backward(record->arrivals.begin(), record->arrivals.end() - 1, record->arrivals.end());
  record->arrivals[0] = now;
  record->arrivals_seen = std::min(record->arrivals_seen + 1, kForeignMasterThreshold);
  return true;
}

bool ForeignMasters::qualified(const Record& record, Nanoseconds now) const {
  return record.arrivals_seen >= kForeignMasterThreshold &&
         now - record.arrivals[kForeignMasterThreshold - 1] <= window_ns_;
}

std::optional<ForeignMaster> ForeignMasters::best(Nanoseconds now) const {
  const Record* best = nullptr;
  for (std::size_t i = 0; i < count_; ++i) {
    if (!qualified(records_[i], now)) continue;
    if (best == nullptr || is_better(records_[i].master.data_set, best->master.data_set)) best = &records_[i];
  }
  if (best == nullptr) return std::nullopt;
  return best->master;
}

bool ForeignMasters::is_qualified(const PortIdentity& sender, Nanoseconds now) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (records_[i].master.header.source == sender) return qualified(records_[i], now);
  }
  return false;
}

void ForeignMasters::expire(Nanoseconds now) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (now - records_[i].arrivals[0] <= window_ns_) records_[kept++] = records_[i];
  }
  count_ = kept;
}

void ForeignMasters::forget(const PortIdentity& sender) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (records_[i].master.header.source != sender) records_[kept++] = records_[i];
  }
  count_ = kept;
}

}  // namespace crosspoint::ptp
