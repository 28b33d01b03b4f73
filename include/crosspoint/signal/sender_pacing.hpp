// When an ST 2110-20 sender puts each packet on the wire: on the ST 2110-21 read schedule (narrow gapped,
// the default, or narrow linear), each packet half a TRS before it is due, or as an unpaced burst per frame
// (deliberately not compliant).
#pragma once

#include <cstdint>

#include "crosspoint/st2110/st2110_21.hpp"

namespace crosspoint::cap {

enum class VideoPacing : std::uint8_t { kGapped, kLinear, kBurst };

class VideoPacer {
 public:
  // `frame_bytes_on_wire`: octets of the largest packet as the burst spends them on a 10 Gb/s link.
  VideoPacer(const st2110::VideoTiming& timing, VideoPacing pacing, std::uint32_t frame_bytes_on_wire);

  // The send instant of packet `index` (0-based within its unit: frame, or field when interlaced) of the
  // unit whose epoch instant is `unit_epoch_ns`.
  [[nodiscard]] Nanoseconds send_time(Nanoseconds unit_epoch_ns, std::uint32_t index) const;

 private:
  VideoPacing pacing_;
  Rational trs_ns_;
  Rational tro_ns_;
  Nanoseconds burst_spacing_ns_;
};

}  // namespace crosspoint::cap
