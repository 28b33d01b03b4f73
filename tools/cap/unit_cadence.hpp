// The cadence of a flow's units (runs of packets that share an RTP timestamp: frames, fields, or single
// audio packets), measured packet by packet: how many units, the RTP steps between them and, at a known
// media clock rate, how long after its RTP time each unit's first packet came.
#pragma once

#include <cstdint>

#include "analysis_report.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

class UnitCadence {
 public:
  // `clock_rate` 0: the media clock is not known here, offsets from RTP time are not measured.
  explicit UnitCadence(std::uint32_t clock_rate = 0) : clock_rate_(clock_rate) {}

  // True when `arrival` starts a new unit.
  bool add(const PacketArrival& arrival);

  [[nodiscard]] std::uint64_t units() const { return units_; }
  // Steps and offsets; units_per_second is left to the media, which knows what a unit is.
  [[nodiscard]] const CadenceReport& report() const { return report_; }

 private:
  std::uint32_t clock_rate_;
  std::uint64_t units_ = 0;
  std::uint32_t timestamp_ = 0;
  CadenceReport report_;
};

}  // namespace crosspoint::cap
