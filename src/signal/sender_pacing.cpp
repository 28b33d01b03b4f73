#include "crosspoint/signal/sender_pacing.hpp"

#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::cap {

using st2110::Int128;

VideoPacer::VideoPacer(const st2110::VideoTiming& timing, VideoPacing pacing, std::uint32_t frame_bytes_on_wire)
    : pacing_(pacing), tro_ns_(st2110::tro_default_ns(timing)) {
  st2110::VideoTiming schedule = timing;
  schedule.schedule = pacing == VideoPacing::kLinear ? st2110::ReadSchedule::kLinear : st2110::ReadSchedule::kGapped;
  trs_ns_ = st2110::trs_ns(schedule);
  // Preamble, frame check sequence and inter-frame gap add 24 octets; 10 Gb/s spends 0.8 ns an octet.
  burst_spacing_ns_ = static_cast<Nanoseconds>((frame_bytes_on_wire + 24) * 8 / 10);
}

Nanoseconds VideoPacer::send_time(Nanoseconds unit_epoch_ns, std::uint32_t index) const {
  const Int128 tro = st2110::floor_div(Int128{tro_ns_.numerator}, tro_ns_.denominator);
  if (pacing_ == VideoPacing::kBurst) {
    return unit_epoch_ns + static_cast<Nanoseconds>(tro) + Nanoseconds{index} * burst_spacing_ns_;
  }
  // TRO + (index - 1/2) x TRS: half a TRS ahead of the packet's drain instant, so the virtual receiver
  // never underflows and holds at most one packet more than it drains.
  const Int128 numerator = Int128{tro_ns_.numerator} * trs_ns_.denominator * 2 +
                           (Int128{index} * 2 - 1) * trs_ns_.numerator * tro_ns_.denominator;
  const Int128 denominator = Int128{trs_ns_.denominator} * tro_ns_.denominator * 2;
  return unit_epoch_ns + static_cast<Nanoseconds>(st2110::floor_div(numerator, denominator));
}

}  // namespace crosspoint::cap
