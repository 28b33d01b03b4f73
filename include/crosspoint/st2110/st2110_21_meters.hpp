// The two ST 2110-21 models run over packet arrival times: the network compatibility model (Cinst against
// CMAX) and the virtual receiver buffer (VRX against VRX_FULL). Each takes one arrival at a time and keeps
// its extremes; neither allocates.
#pragma once

#include <cstdint>
#include <optional>

#include "crosspoint/st2110/st2110_21.hpp"

namespace crosspoint::st2110 {

// Cinst: a bucket that drains one packet every TDRAIN = Tframe / (1.1 N), counted from the first packet
// (EBU LIST's choice of t0).
class NetworkCompatibilityMeter {
 public:
  explicit NetworkCompatibilityMeter(Rational drain_period_ns) : drain_(drain_period_ns) {}

  // Cinst just after the packet arriving at `arrival_ns`.
  std::uint32_t on_packet(Nanoseconds arrival_ns);
  [[nodiscard]] std::uint32_t cinst_max() const { return max_; }

 private:
  Rational drain_;
  std::optional<Nanoseconds> first_arrival_;
  std::int64_t cleared_ = 0;
  std::uint32_t current_ = 0;
  std::uint32_t max_ = 0;
};

// VRX: packets of one unit (frame, or field when interlaced) drain at TVD + j x TRS with TVD = unit epoch +
// TRO; the buffer level after each arrival is packets received minus packets due. Below zero the sender was
// late (underflow), above VRX_FULL it was early.
class VirtualReceiverMeter {
 public:
  VirtualReceiverMeter(Rational trs_ns, Rational tro_ns, std::uint32_t packets_per_unit)
      : trs_(trs_ns), tro_(tro_ns), packets_per_unit_(packets_per_unit) {}

  // A new unit whose epoch instant (n x Tunit since the PTP epoch) is `unit_epoch_ns`: the buffer restarts.
  void begin_unit(Nanoseconds unit_epoch_ns);
  // The buffer level just after the packet arriving at `arrival_ns`.
  std::int64_t on_packet(Nanoseconds arrival_ns);

  [[nodiscard]] std::int64_t vrx_min() const { return seen_ ? min_ : 0; }
  [[nodiscard]] std::int64_t vrx_max() const { return seen_ ? max_ : 0; }

 private:
  [[nodiscard]] std::int64_t drained_by(Nanoseconds arrival_ns) const;

  Rational trs_;
  Rational tro_;
  std::uint32_t packets_per_unit_;
  Nanoseconds unit_epoch_ = 0;
  std::int64_t received_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  bool seen_ = false;
};

}  // namespace crosspoint::st2110
