#include "audio_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "media_identification.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

constexpr Nanoseconds kTsDfWindowNs = 200'000'000;
constexpr double kTsDfLimitPacketTimes = 17;

template <class Key>
Key commonest(const std::map<Key, std::uint64_t>& votes) {
  Key best{};
  std::uint64_t most = 0;
  for (const auto& [key, count] : votes) {
    if (count > most) {
      best = key;
      most = count;
    }
  }
  return best;
}

std::uint32_t snapped_sample_rate(double per_second) {
  std::uint32_t best = 48000;
  for (const std::uint32_t rate : {32000U, 44100U, 48000U, 88200U, 96000U, 192000U}) {
    if (std::fabs(per_second - rate) < std::fabs(per_second - best)) best = rate;
  }
  return best;
}

}  // namespace

void AudioAnalyzer::expect_frame_bytes(std::uint32_t frame_bytes) {
  frame_bytes_ = frame_bytes;
  octet_change_.assign(frame_bytes, 0);
}

void AudioAnalyzer::add(const RtpHeader& /*rtp*/, Bytes payload, std::size_t wire_length) {
  ++payload_sizes_[wire_length];
  if (frame_bytes_ == 0) return;
  for (std::size_t at = 0; at + 2 * frame_bytes_ <= payload.size(); at += frame_bytes_) {
    for (std::size_t i = 0; i < frame_bytes_; ++i) {
      const auto change = static_cast<std::int8_t>(payload[at + frame_bytes_ + i] - payload[at + i]);
      octet_change_[i] += static_cast<std::uint64_t>(change < 0 ? -change : change);
    }
    ++periods_compared_;
  }
}

namespace {

// Whether octets at `sample_bytes`-strided positions (the samples' most significant octets) change much
// less than the rest: the sample size the data itself shows.
bool smooth_at_stride(const std::vector<std::uint64_t>& change, std::uint64_t periods, std::size_t sample_bytes) {
  if (periods == 0 || change.size() % sample_bytes != 0) return false;
  double msb_worst = 0;
  double rest_best = 1e9;
  for (std::size_t i = 0; i < change.size(); ++i) {
    const double mean = static_cast<double>(change[i]) / static_cast<double>(periods);
    if (i % sample_bytes == 0) msb_worst = std::max(msb_worst, mean);
    else rest_best = std::min(rest_best, mean);
  }
  // Random octets change by 64 on average; a smooth signal's top octet by a few.
  return msb_worst * 2 < rest_best;
}

}  // namespace

bool AudioAnalyzer::infer_l24(AudioReport& report) const {
  Inference& inference = report.format_inference;
  const std::vector<std::string> readings = pcm_readings(report.frame_bytes);
  inference = Inference{};
  if (readings.empty()) {
    inference.basis = "payloads are not whole sample periods";
    return true;
  }
  const bool l24_fits = readings.front().rfind("L24", 0) == 0;
  if (readings.size() == 1) {
    inference.confidence = 1.0;
    inference.basis = "octets per sample period (" + std::to_string(report.frame_bytes) + ") allow one reading";
    return l24_fits;
  }
  // Both fit: the sample data decides when its most significant octets show the stride.
  const bool smooth3 = frame_bytes_ == report.frame_bytes && smooth_at_stride(octet_change_, periods_compared_, 3);
  const bool smooth2 = frame_bytes_ == report.frame_bytes && smooth_at_stride(octet_change_, periods_compared_, 2);
  if (smooth3 != smooth2) {
    inference.confidence = 0.95;
    inference.basis = std::string("samples change smoothly in every ") + (smooth3 ? "third" : "second") + " octet";
    inference.alternatives = {readings[smooth3 ? 1 : 0]};
    return smooth3;
  }
  inference.confidence = 0.5;
  inference.basis = "both sample sizes fit and the sample data does not tell them apart; ST 2110-30's L24 assumed";
  inference.alternatives = {readings[1]};
  return true;
}

AudioReport AudioAnalyzer::finish(const std::optional<AudioFormat>& sdp, const std::vector<PacketArrival>& arrivals,
                                  CadenceReport& cadence) const {
  AudioReport report;
  cadence = CadenceReport{};
  std::map<std::int64_t, std::uint64_t> steps;
  for (std::size_t i = 1; i < arrivals.size(); ++i) {
    const auto step = static_cast<std::int32_t>(arrivals[i].rtp_timestamp - arrivals[i - 1].rtp_timestamp);
    cadence.timestamp_step.add(step);
    ++steps[step];
  }
  const std::int64_t step = commonest(steps);
  const std::size_t payload = commonest(payload_sizes_);
  report.frame_bytes = step > 0 && payload % static_cast<std::size_t>(step) == 0
                           ? static_cast<std::uint32_t>(payload / static_cast<std::size_t>(step))
                           : 0;
  {
    // Ticks over time between the first and last packets: losses on the way do not matter.
    const double elapsed_ns =
        arrivals.size() > 1 ? static_cast<double>(arrivals.back().arrival_ns - arrivals.front().arrival_ns) : 0.0;
    const double ticks = cadence.timestamp_step.mean * static_cast<double>(cadence.timestamp_step.count);
    report.measured_sample_rate = elapsed_ns > 0 && ticks > 0 ? snapped_sample_rate(ticks * 1e9 / elapsed_ns) : 0;
  }
  infer_l24(report);

  if (sdp) {
    report.format_from_sdp = true;
    report.encoding = sdp->encoding == AudioEncoding::kL16 ? "L16" : "L24";
    report.sample_rate = sdp->sample_rate;
    report.channels = sdp->channels;
  } else {
    report.sample_rate = report.measured_sample_rate > 0 ? report.measured_sample_rate : 48000;
    const bool l24 = infer_l24(report);
    report.encoding = l24 ? "L24" : "L16";
    report.channels = report.frame_bytes / (l24 ? 3 : 2);
  }
  const std::uint32_t sample_bytes = report.encoding == "L16" ? 2 : 3;
  report.samples_per_packet =
      report.channels > 0 ? static_cast<std::uint32_t>(payload / (sample_bytes * report.channels)) : 0;
  report.packet_time_us = report.sample_rate > 0 ? report.samples_per_packet * 1e6 / report.sample_rate : 0;
  if (cadence.timestamp_step.mean > 0) cadence.units_per_second = report.sample_rate / cadence.timestamp_step.mean;

  // TS-DF per 200 ms window: the spread of (arrival - RTP time).
  PlotSeriesBuilder ts_df_points;
  std::size_t window_start = 0;
  double low = 0;
  double high = 0;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const double delta = arrival_after_rtp_ns(arrivals[i].arrival_ns, arrivals[i].rtp_timestamp, report.sample_rate);
    cadence.packet_to_rtp_us.add(delta / 1000.0);
    if (i == window_start) {
      low = high = delta;
    } else {
      low = std::min(low, delta);
      high = std::max(high, delta);
    }
    const bool window_ends = i + 1 == arrivals.size() ||
                             arrivals[i + 1].arrival_ns - arrivals[window_start].arrival_ns >= kTsDfWindowNs;
    if (window_ends) {
      ts_df_points.add(static_cast<std::uint64_t>(arrivals[window_start].arrival_ns), (high - low) / 1000.0);
      report.ts_df_us = std::max(report.ts_df_us, (high - low) / 1000.0);
      ++report.ts_df_windows;
      window_start = i + 1;
    }
  }
  if (!arrivals.empty()) report.ts_df_series = ts_df_points.build(static_cast<std::uint64_t>(arrivals.front().arrival_ns), 200);
  report.ts_df_limit_us = kTsDfLimitPacketTimes * report.packet_time_us;
  // One packet time of tolerance, as LIST allows.
  report.ts_df_within_limit = report.ts_df_us <= report.ts_df_limit_us + report.packet_time_us;
  return report;
}

}  // namespace crosspoint::cap
