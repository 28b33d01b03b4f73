#include "e2e_measurement.hpp"

namespace crosspoint::ptp {

std::optional<OffsetSample> E2eMeasurement::on_sync(std::uint16_t sequence, Nanoseconds t2_local,
                                                     Nanoseconds correction_ns,
                                                     std::optional<PtpTime> one_step_origin) {
  sync_sequence_ = sequence;
  sync_t2_local_ = t2_local;
  sync_correction_ns_ = correction_ns;
  if (one_step_origin) {
    sync_sequence_.reset();
    return complete(*one_step_origin, correction_ns);
  }
  if (early_follow_up_sequence_ == sequence) {
    early_follow_up_sequence_.reset();
    sync_sequence_.reset();
    return complete(early_t1_, correction_ns + early_correction_ns_);
  }
  return std::nullopt;
}

std::optional<OffsetSample> E2eMeasurement::on_follow_up(std::uint16_t sequence, PtpTime t1,
                                                         Nanoseconds correction_ns) {
  if (sync_sequence_ != sequence) {
    early_follow_up_sequence_ = sequence;
    early_t1_ = t1;
    early_correction_ns_ = correction_ns;
    return std::nullopt;
  }
  sync_sequence_.reset();
  return complete(t1, sync_correction_ns_ + correction_ns);
}

std::optional<OffsetSample> E2eMeasurement::complete(PtpTime t1, Nanoseconds corrections) {
  last_t1_ = t1;
  last_t2_local_ = sync_t2_local_;
  last_sync_corrections_ns_ = corrections;
  const auto delay = mean_path_delay();
  if (!delay) return std::nullopt;
  const Nanoseconds offset = local_to_ptp_(sync_t2_local_).minus(t1) - corrections - *delay;
  return OffsetSample{offset, sync_t2_local_, *delay};
}

void E2eMeasurement::on_delay_req_sent(std::uint16_t sequence, Nanoseconds t3_local) {
  delay_sequence_ = sequence;
  delay_t3_local_ = t3_local;
}

bool E2eMeasurement::on_delay_resp(std::uint16_t sequence, PtpTime t4, Nanoseconds correction_ns) {
  if (delay_sequence_ != sequence || !last_t1_) return false;
  delay_sequence_.reset();
  // 11.3.2: [(t2 - t1) + (t4 - t3) - corrections] / 2, both differences read with today's mapping.
  const Nanoseconds master_to_slave = local_to_ptp_(last_t2_local_).minus(*last_t1_) - last_sync_corrections_ns_;
  const Nanoseconds slave_to_master = t4.minus(local_to_ptp_(delay_t3_local_)) - correction_ns;
  delays_.add((master_to_slave + slave_to_master) / 2);
  return true;
}

std::optional<Nanoseconds> E2eMeasurement::mean_path_delay() const {
  if (delays_.empty()) return std::nullopt;
  return delays_.median();
}

void E2eMeasurement::reset() {
  sync_sequence_.reset();
  early_follow_up_sequence_.reset();
  last_t1_.reset();
  delay_sequence_.reset();
  delays_.clear();
}

}  // namespace crosspoint::ptp
