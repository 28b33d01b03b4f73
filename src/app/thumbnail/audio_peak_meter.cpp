#include "thumbnail/audio_peak_meter.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "crosspoint/st2110/pcm.hpp"

namespace crosspoint::app {

AudioPeakMeter::AudioPeakMeter(st2110::AudioEncoding encoding, std::uint32_t channels)
    : encoding_(encoding), channels_(channels),
      full_scale_(static_cast<double>((1u << (8 * st2110::bytes_per_sample(encoding) - 1)) - 1)), peaks_(channels, 0) {}

bool AudioPeakMeter::add_payload(st2110::Bytes rtp_payload) {
  const auto pcm = st2110::parse_pcm(rtp_payload, encoding_, channels_);
  if (!pcm) {
    ++bad_payloads_;
    return false;
  }
  for (std::size_t i = 0; i < pcm->sample_count(); ++i) {
    for (std::uint32_t channel = 0; channel < channels_; ++channel) {
      // The most negative sample is one beyond full scale; it reads as full scale.
      const auto magnitude = static_cast<std::uint32_t>(std::min<std::int64_t>(std::llabs(pcm->sample(i, channel)),
                                                                              static_cast<std::int64_t>(full_scale_)));
      if (magnitude > peaks_[channel]) peaks_[channel] = magnitude;
    }
  }
  return true;
}

std::vector<double> AudioPeakMeter::take_peaks_dbfs() {
  std::vector<double> dbfs;
  dbfs.reserve(channels_);
  for (auto& peak : peaks_) {
    dbfs.push_back(peak == 0 ? -std::numeric_limits<double>::infinity() : 20.0 * std::log10(peak / full_scale_));
    peak = 0;
  }
  return dbfs;
}

}  // namespace crosspoint::app
