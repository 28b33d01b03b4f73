// Foreign master qualification (IEEE 1588-2008 9.3.2.4-9.3.2.5): a sender is a candidate for the BMCA only
// after FOREIGN_MASTER_THRESHOLD (2) Announce messages within FOREIGN_MASTER_TIME_WINDOW (4 announce intervals).
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "bmc.hpp"
#include "message.hpp"

namespace crosspoint::ptp {

constexpr std::size_t kForeignMasterThreshold = 2;
constexpr int kForeignMasterTimeWindowIntervals = 4;

struct ForeignMaster {
  ComparisonDataSet data_set;
  Header header;      // of the latest Announce
  Announce announce;  // the latest Announce
};

class ForeignMasters {
 public:
  static constexpr std::size_t kCapacity = 8;

  ForeignMasters(PortIdentity receiver, Nanoseconds announce_interval_ns)
      : receiver_(receiver), window_ns_(announce_interval_ns * kForeignMasterTimeWindowIntervals) {}

  // Records an Announce that arrived at local time `now`. Announces from ourselves or with stepsRemoved 255
  // or more are never candidates and are not recorded (returns false).
  bool observe(const Header& header, const Announce& announce, Nanoseconds now);

  // The best qualified foreign master at `now` (Erbest), if any.
  [[nodiscard]] std::optional<ForeignMaster> best(Nanoseconds now) const;

  [[nodiscard]] bool is_qualified(const PortIdentity& sender, Nanoseconds now) const;

  // Forgets the records whose Announces have all left the window.
  void expire(Nanoseconds now);
  void forget(const PortIdentity& sender);
  void clear() { count_ = 0; }
  [[nodiscard]] std::size_t size() const { return count_; }

 private:
  struct Record {
    ForeignMaster master;
    std::array<Nanoseconds, kForeignMasterThreshold> arrivals{};  // newest first
    std::size_t arrivals_seen = 0;
  };
  [[nodiscard]] bool qualified(const Record& record, Nanoseconds now) const;

  PortIdentity receiver_;
  Nanoseconds window_ns_;
  std::array<Record, kCapacity> records_{};
  std::size_t count_ = 0;
};

}  // namespace crosspoint::ptp
