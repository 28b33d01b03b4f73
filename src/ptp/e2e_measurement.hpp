// The slave's side of two-step sync and the end-to-end delay request-response mechanism (IEEE 1588-2008
// 11.2-11.3): it pairs Sync with Follow_Up and Delay_Req with Delay_Resp by sequence id and turns the four
// timestamps into an offset from the master and a mean path delay.
//
// t2 and t3 are kept as local (CLOCK_MONOTONIC_RAW) instants and read through the clock's current mapping
// when used, so a step of the clock between a Sync and its Follow_Up cannot corrupt the result.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "delay_filter.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

struct OffsetSample {
  Nanoseconds offset_ns;      // our clock minus the master at t2
  Nanoseconds local_time_ns;  // t2, local
  Nanoseconds mean_path_delay_ns;
};

class E2eMeasurement {
 public:
  // How the clock reads a local instant now (ClockModel::to_ptp with its current mapping).
  using LocalToPtp = std::function<PtpTime(Nanoseconds)>;

  explicit E2eMeasurement(LocalToPtp local_to_ptp) : local_to_ptp_(std::move(local_to_ptp)) {}

  // A Sync from the master arrived at local time t2. One-step masters give t1 here (origin set).
  std::optional<OffsetSample> on_sync(std::uint16_t sequence, Nanoseconds t2_local, Nanoseconds correction_ns,
                                      std::optional<PtpTime> one_step_origin);
  // The Follow_Up with t1; nullopt when no delay is known yet, or when its Sync has not arrived (the sockets
  // of the two channels may deliver a Follow_Up first: it waits for its Sync then).
  std::optional<OffsetSample> on_follow_up(std::uint16_t sequence, PtpTime t1, Nanoseconds correction_ns);
  // Our Delay_Req left at local time t3.
  void on_delay_req_sent(std::uint16_t sequence, Nanoseconds t3_local);
  // The master's Delay_Resp with t4; returns whether it matched the outstanding request.
  bool on_delay_resp(std::uint16_t sequence, PtpTime t4, Nanoseconds correction_ns);

  [[nodiscard]] std::optional<Nanoseconds> mean_path_delay() const;
  [[nodiscard]] bool has_sync() const { return last_t1_.has_value(); }
  // A new master: forget every pending timestamp and delay.
  void reset();

 private:
  std::optional<OffsetSample> complete(PtpTime t1, Nanoseconds corrections);

  LocalToPtp local_to_ptp_;
  // The Sync waiting for its Follow_Up.
  std::optional<std::uint16_t> sync_sequence_;
  Nanoseconds sync_t2_local_ = 0;
  Nanoseconds sync_correction_ns_ = 0;
  // A Follow_Up that overtook its Sync.
  std::optional<std::uint16_t> early_follow_up_sequence_;
  PtpTime early_t1_;
  Nanoseconds early_correction_ns_ = 0;
  // The last complete Sync (t1, t2, corrections), for the delay computation.
  std::optional<PtpTime> last_t1_;
  Nanoseconds last_t2_local_ = 0;
  Nanoseconds last_sync_corrections_ns_ = 0;
  // The Delay_Req waiting for its Delay_Resp.
  std::optional<std::uint16_t> delay_sequence_;
  Nanoseconds delay_t3_local_ = 0;
  DelayFilter delays_;
};

}  // namespace crosspoint::ptp
