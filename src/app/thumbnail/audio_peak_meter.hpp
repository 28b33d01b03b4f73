// Peak level per channel of an ST 2110-30 flow, in dBFS, from the PCM payloads the control plane is given
// (full scale: the largest positive sample, 2^15 - 1 or 2^23 - 1, reads 0 dBFS; silence reads -infinity).
//
//   AudioPeakMeter meter(AudioEncoding::kL24, 2);
//   for (payload : payloads since the last read) meter.add_payload(payload);
//   auto peaks = meter.take_peaks_dbfs();  // and starts the next period
#pragma once

#include <cstdint>
#include <vector>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::app {

class AudioPeakMeter {
 public:
  AudioPeakMeter(st2110::AudioEncoding encoding, std::uint32_t channels);

  // False, counted, for a payload that is not whole sample frames.
  bool add_payload(st2110::Bytes rtp_payload);
  // The peak of each channel since the last call, in dBFS; then starts again from silence.
  std::vector<double> take_peaks_dbfs();
  [[nodiscard]] std::uint64_t bad_payloads() const { return bad_payloads_; }

 private:
  st2110::AudioEncoding encoding_;
  std::uint32_t channels_;
  double full_scale_;
  std::vector<std::uint32_t> peaks_;  // largest magnitude seen per channel
  std::uint64_t bad_payloads_ = 0;
};

}  // namespace crosspoint::app
