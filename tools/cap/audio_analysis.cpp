#include "audio_analysis.hpp"

#include <algorithm>
#include <cmath>

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

void AudioAnalyzer::add(const RtpHeader& /*rtp*/, Bytes payload) { ++payload_sizes_[payload.size()]; }

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

  if (sdp) {
    report.format_from_sdp = true;
    report.encoding = sdp->encoding == AudioEncoding::kL16 ? "L16" : "L24";
    report.sample_rate = sdp->sample_rate;
    report.channels = sdp->channels;
  } else {
    // Ticks over time between the first and last packets: losses on the way do not matter.
    const double elapsed_ns =
        arrivals.size() > 1 ? static_cast<double>(arrivals.back().arrival_ns - arrivals.front().arrival_ns) : 0.0;
    const double ticks = cadence.timestamp_step.mean * static_cast<double>(cadence.timestamp_step.count);
    report.sample_rate = elapsed_ns > 0 && ticks > 0 ? snapped_sample_rate(ticks * 1e9 / elapsed_ns) : 48000;
    const std::size_t frame_bytes = step > 0 ? payload / static_cast<std::size_t>(step) : 0;
    const bool l24 = frame_bytes % 3 == 0;
    report.encoding = l24 ? "L24" : "L16";
    report.channels = static_cast<std::uint32_t>(frame_bytes / (l24 ? 3 : 2));
  }
  const std::uint32_t sample_bytes = report.encoding == "L16" ? 2 : 3;
  report.samples_per_packet =
      report.channels > 0 ? static_cast<std::uint32_t>(payload / (sample_bytes * report.channels)) : 0;
  report.packet_time_us = report.sample_rate > 0 ? report.samples_per_packet * 1e6 / report.sample_rate : 0;
  if (cadence.timestamp_step.mean > 0) cadence.units_per_second = report.sample_rate / cadence.timestamp_step.mean;

  // TS-DF per 200 ms window: the spread of (arrival - RTP time).
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
      report.ts_df_us = std::max(report.ts_df_us, (high - low) / 1000.0);
      ++report.ts_df_windows;
      window_start = i + 1;
    }
  }
  report.ts_df_limit_us = kTsDfLimitPacketTimes * report.packet_time_us;
  // One packet time of tolerance, as LIST allows.
  report.ts_df_within_limit = report.ts_df_us <= report.ts_df_limit_us + report.packet_time_us;
  return report;
}

}  // namespace crosspoint::cap
