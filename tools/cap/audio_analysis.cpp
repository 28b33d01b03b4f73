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

void AudioAnalyzer::add(const PacketArrival& arrival, Bytes payload, std::size_t wire_length) {
  if (packets_ == 0) {
    first_arrival_ns_ = arrival.arrival_ns;
  } else {
    const auto step = static_cast<std::int32_t>(arrival.rtp_timestamp - last_timestamp_);
    step_.add(step);
    // A damaged stream could show any step: the votes stay bounded, the first distinct steps kept.
    if (steps_.size() < 256 || steps_.count(step) != 0) ++steps_[step];
  }
  ++packets_;
  last_timestamp_ = arrival.rtp_timestamp;
  last_arrival_ns_ = arrival.arrival_ns;
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

AudioReport AudioAnalyzer::describe(const std::optional<AudioFormat>& sdp, CadenceReport& cadence) const {
  AudioReport report;
  cadence = CadenceReport{};
  cadence.timestamp_step = step_;
  const std::int64_t step = commonest(steps_);
  const std::size_t payload = commonest(payload_sizes_);
  report.frame_bytes = step > 0 && payload % static_cast<std::size_t>(step) == 0
                           ? static_cast<std::uint32_t>(payload / static_cast<std::size_t>(step))
                           : 0;
  {
    // Ticks over time between the first and last packets: losses on the way do not matter.
    const double elapsed_ns = packets_ > 1 ? static_cast<double>(last_arrival_ns_ - first_arrival_ns_) : 0.0;
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
  return report;
}

void AudioAnalyzer::settle(const std::optional<AudioFormat>& sdp) {
  CadenceReport cadence;
  settled_rate_ = describe(sdp, cadence).sample_rate;
}

void AudioAnalyzer::close_ts_df_window() {
  if (!window_open_) return;
  const double spread_us = (window_high_ - window_low_) / 1000.0;
  ts_df_points_.add(static_cast<std::uint64_t>(window_start_ns_), spread_us);
  ts_df_us_ = std::max(ts_df_us_, spread_us);
  ++ts_df_windows_;
  window_open_ = false;
}

// TS-DF per 200 ms window: the spread of (arrival - RTP time).
void AudioAnalyzer::on_arrival(const PacketArrival& arrival) {
  if (settled_rate_ == 0) return;
  const double delta = arrival_after_rtp_ns(arrival.arrival_ns, arrival.rtp_timestamp, settled_rate_);
  packet_to_rtp_us_.add(delta / 1000.0);
  if (window_open_ && arrival.arrival_ns - window_start_ns_ >= kTsDfWindowNs) close_ts_df_window();
  if (!window_open_) {
    window_open_ = true;
    window_start_ns_ = arrival.arrival_ns;
    window_low_ = window_high_ = delta;
    return;
  }
  window_low_ = std::min(window_low_, delta);
  window_high_ = std::max(window_high_, delta);
}

AudioReport AudioAnalyzer::finish(const std::optional<AudioFormat>& sdp, CadenceReport& cadence) {
  AudioReport report = describe(sdp, cadence);
  close_ts_df_window();
  cadence.packet_to_rtp_us = packet_to_rtp_us_;
  report.ts_df_us = ts_df_us_;
  report.ts_df_windows = ts_df_windows_;
  if (packets_ > 0) report.ts_df_series = ts_df_points_.build(static_cast<std::uint64_t>(first_arrival_ns_), 200);
  report.ts_df_limit_us = kTsDfLimitPacketTimes * report.packet_time_us;
  // One packet time of tolerance, as LIST allows.
  report.ts_df_within_limit = report.ts_df_us <= report.ts_df_limit_us + report.packet_time_us;
  return report;
}

}  // namespace crosspoint::cap
