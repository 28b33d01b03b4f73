#include "unit_cadence.hpp"

namespace crosspoint::cap {

bool UnitCadence::add(const PacketArrival& arrival) {
  if (units_ > 0 && arrival.rtp_timestamp == timestamp_) return false;
  if (units_ > 0) report_.timestamp_step.add(static_cast<std::int32_t>(arrival.rtp_timestamp - timestamp_));
  if (clock_rate_ > 0) {
    report_.packet_to_rtp_us.add(arrival_after_rtp_ns(arrival.arrival_ns, arrival.rtp_timestamp, clock_rate_) / 1000.0);
  }
  timestamp_ = arrival.rtp_timestamp;
  ++units_;
  return true;
}

}  // namespace crosspoint::cap
