// Peak meters of ST 2110-30 payloads: per channel, in dBFS, over the payloads since the last read.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "crosspoint/st2110/pcm.hpp"
#include "thumbnail/audio_peak_meter.hpp"

using namespace crosspoint;
using st2110::AudioEncoding;

namespace {

std::vector<std::uint8_t> payload(AudioEncoding encoding, std::uint32_t channels, const std::vector<std::int32_t>& samples) {
  std::vector<std::uint8_t> out(samples.size() * st2110::bytes_per_sample(encoding));
  REQUIRE(st2110::write_pcm(out, encoding, channels, samples) == out.size());
  return out;
}

}  // namespace

TEST_CASE("each channel's peak is read in dBFS: full scale 0, half -6.02, silence -infinity") {
  const std::int32_t full = (1 << 23) - 1;
  app::AudioPeakMeter meter(AudioEncoding::kL24, 3);
  // Frames of (ch0, ch1, ch2): ch0 reaches full scale negative, ch1 half scale, ch2 stays silent.
  CHECK(meter.add_payload(payload(AudioEncoding::kL24, 3, {1000, full / 2, 0, -(1 << 23), -100, 0})));
  CHECK(meter.add_payload(payload(AudioEncoding::kL24, 3, {5, 7, 0})));
  const auto peaks = meter.take_peaks_dbfs();
  REQUIRE(peaks.size() == 3);
  CHECK(peaks[0] == Approx(0.0).margin(1e-6));
  CHECK(peaks[1] == Approx(-6.0206).margin(1e-3));
  CHECK(std::isinf(peaks[2]));
  CHECK(peaks[2] < 0);
  // The next period starts from silence.
  CHECK(meter.add_payload(payload(AudioEncoding::kL24, 3, {full / 10, 0, 0})));
  const auto next = meter.take_peaks_dbfs();
  CHECK(next[0] == Approx(-20.0).margin(1e-3));
  CHECK(std::isinf(next[1]));
}

TEST_CASE("L16 full scale is 32767, and a payload of broken frames is counted, not read") {
  app::AudioPeakMeter meter(AudioEncoding::kL16, 2);
  CHECK(meter.add_payload(payload(AudioEncoding::kL16, 2, {32767, 3277})));
  const std::uint8_t broken[] = {1, 2, 3};  // not a whole frame of two 16-bit samples
  CHECK_FALSE(meter.add_payload(broken));
  CHECK(meter.bad_payloads() == 1);
  const auto peaks = meter.take_peaks_dbfs();
  CHECK(peaks[0] == Approx(0.0).margin(1e-6));
  CHECK(peaks[1] == Approx(-20.0).margin(1e-2));
}
