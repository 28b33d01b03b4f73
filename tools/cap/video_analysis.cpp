#include "video_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/pgroup.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/st2110_21_exact.hpp"
#include "crosspoint/st2110/st2110_21_meters.hpp"
#include "video_format_name.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

struct SamplingGuess {
  Sampling sampling;
  Depth depth;
};

// The commonest formats first: when several have the measured density, the first is the reading.
constexpr SamplingGuess kByPreference[] = {
    {Sampling::kYCbCr422, Depth::k10}, {Sampling::kYCbCr422, Depth::k8},  {Sampling::kYCbCr422, Depth::k12},
    {Sampling::kYCbCr444, Depth::k10}, {Sampling::kRgb, Depth::k10},      {Sampling::kYCbCr420, Depth::k10},
    {Sampling::kRgb, Depth::k8},       {Sampling::kYCbCr444, Depth::k8},  {Sampling::kYCbCr444, Depth::k12},
    {Sampling::kRgb, Depth::k12},      {Sampling::kYCbCr422, Depth::k16}, {Sampling::kYCbCr444, Depth::k16},
    {Sampling::kRgb, Depth::k16},      {Sampling::kYCbCr420, Depth::k8},  {Sampling::kYCbCr420, Depth::k12},
};

// Octets per pixels of one row (reduced) that a pgroup gives.
std::pair<std::uint32_t, std::uint32_t> row_density(const Pgroup& pgroup) {
  const std::uint32_t octets = pgroup.bytes;
  const std::uint32_t pixels = pgroup.pixels_per_line();
  const std::uint32_t g = std::gcd(octets, pixels);
  return {octets / g, pixels / g};
}

std::string sampling_name(Sampling sampling) {
  VideoFormat probe;
  probe.sampling = sampling;
  const std::string fmtp = format_video_fmtp(probe);
  const auto at = fmtp.find("sampling=");
  return fmtp.substr(at + 9, fmtp.find(';', at) - at - 9);
}

std::string depth_name(Depth depth) {
  switch (depth) {
    case Depth::k8: return "8";
    case Depth::k10: return "10";
    case Depth::k12: return "12";
    case Depth::k16: return "16";
    case Depth::k16f: return "16f";
  }
  return "?";
}

// The commonest format whose pgroup `fits` goes to `sampling`/`depth`; every other that fits is an
// alternative. False when none fits.
template <class Fits>
bool pick_format(Fits fits, Sampling& sampling, Depth& depth, Inference& inference) {
  bool found = false;
  for (const auto& guess : kByPreference) {
    const auto pgroup = pgroup_of(guess.sampling, guess.depth);
    if (!pgroup || !fits(*pgroup)) continue;
    if (!found) {
      sampling = guess.sampling;
      depth = guess.depth;
      found = true;
    } else {
      inference.alternatives.push_back(sampling_name(guess.sampling) + " " + depth_name(guess.depth) + "-bit");
    }
  }
  return found;
}

}  // namespace

bool looks_like_rfc4175(Bytes payload, std::size_t wire_length) {
  const auto header = parse_rfc4175_header(payload);
  if (!header) return false;
  const std::size_t data = header->data_length();
  return data > 0 && header->header_length + data == wire_length;
}

bool VideoAnalyzer::add(const RtpHeader& rtp, Bytes payload) {
  const auto header = parse_rfc4175_header(payload);
  if (!header) return false;
  const auto rows = header->row_headers();
  if (rows.empty()) return false;
  if (units_ == 0 || unit_timestamp_ != rtp.timestamp) {
    if (units_ > 0) {
      unit_step_.add(static_cast<std::int32_t>(rtp.timestamp - unit_timestamp_));
      ++unit_sizes_[unit_packets_];
    }
    ++units_;
    unit_timestamp_ = rtp.timestamp;
    unit_packets_ = 0;
  }
  ++unit_packets_;
  ++packets_;
  if (rtp.marker) ++markers_;
  for (const SampleRowHeader& row : rows) {
    const std::size_t field = row.second_field ? 1 : 0;
    field_seen_[field] = true;
    max_line_[field] = std::max<std::uint32_t>(max_line_[field], row.line);
    if (row.offset > max_offset_ || (row.offset == max_offset_ && row.length > length_at_max_offset_)) {
      max_offset_ = row.offset;
      length_at_max_offset_ = row.length;
    }
    // A segment that continues the previous one on its row tells the octets a pixel takes.
    if (last_.valid && last_.second_field == row.second_field && last_.line == row.line && row.offset > last_.offset) {
      const std::uint32_t pixels = row.offset - last_.offset;
      const std::uint32_t g = std::gcd<std::uint32_t, std::uint32_t>(last_.length, pixels);
      if (g != 0) ++octets_per_pixels_votes_[{last_.length / g, pixels / g}];
    }
    last_ = LastSegment{true, row.second_field, row.line, row.offset, row.length};
  }
  return true;
}

// The packets a complete unit has: the commonest count (the larger on a tie), the unit in progress included.
std::uint32_t VideoAnalyzer::packets_per_unit() const {
  std::map<std::uint32_t, std::uint64_t> counts = unit_sizes_;
  if (units_ > 0) ++counts[unit_packets_];
  std::uint32_t per_unit = 0;
  std::uint64_t best = 0;
  for (const auto& [count, times] : counts) {
    if (times > best || (times == best && count > per_unit)) {
      per_unit = count;
      best = times;
    }
  }
  return per_unit;
}

struct VideoAnalyzer::TimingRun {
  TimingRun(const VideoTiming& t, const Rational& tro, std::uint32_t packets_per_unit)
      : timing(t),
        per_unit(packets_per_unit),
        cinst(network_drain_period_ns(t)),
        vrx(trs_ns(t), tro, packets_per_unit),
        vrx_linear(trs_ns(linear_of(t)), tro, packets_per_unit),
        units_per_second(unit_rate(t)),
        unit_period(unit_period_ns(t)) {}

  static VideoTiming linear_of(VideoTiming t) {
    t.schedule = ReadSchedule::kLinear;
    return t;
  }

  VideoTiming timing;
  std::uint32_t per_unit;
  St2110_21Report report;
  NetworkCompatibilityMeter cinst;
  VirtualReceiverMeter vrx;
  VirtualReceiverMeter vrx_linear;
  Rational units_per_second;
  Rational unit_period;
  PlotSeriesBuilder cinst_points;
  PlotSeriesBuilder vrx_points;
  Range packet_to_rtp_us;
  bool first_offset = true;
  bool started = false;
  Nanoseconds origin = 0;
  std::uint32_t unit_timestamp = 0;
  std::vector<Nanoseconds> unit_arrivals;  // of the unit in progress: at most one frame's
};

void VideoAnalyzer::TimingRunDeleter::operator()(TimingRun* run) const { delete run; }

VideoReport VideoAnalyzer::describe(const std::optional<VideoFormat>& sdp, CadenceReport& cadence) const {
  VideoReport report;
  report.marker_packets = markers_;
  report.last_segment_octets = length_at_max_offset_;

  // Sampling and depth: the SDP's, else the density most segments show.
  Sampling sampling = Sampling::kYCbCr422;
  Depth depth = Depth::k10;
  Inference& inference = report.sampling_inference;
  if (!octets_per_pixels_votes_.empty()) {
    std::uint64_t total = 0;
    for (const auto& [density, votes] : octets_per_pixels_votes_) total += votes;
    const auto best = std::max_element(octets_per_pixels_votes_.begin(), octets_per_pixels_votes_.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    report.octets_per_group = best->first.first;
    report.pixels_per_group = best->first.second;
    const bool found = pick_format([&](const Pgroup& pgroup) { return row_density(pgroup) == best->first; }, sampling,
                                   depth, inference);
    const double agreement = static_cast<double>(best->second) / static_cast<double>(total);
    // Several formats share a density (e.g. 4:4:4 8-bit and 4:2:2 12-bit): the reading is then the commonest.
    inference.confidence = found ? agreement / static_cast<double>(1 + inference.alternatives.size()) : 0;
    inference.basis = std::to_string(best->first.first) + " octets per " + std::to_string(best->first.second) +
                      " pixels in " + std::to_string(best->second) + " of " + std::to_string(total) +
                      " row segments that follow on";
  } else if (length_at_max_offset_ > 0) {
    // Whole rows per segment: only formats whose pgroups fill the row's octets exactly remain.
    const std::uint32_t row_end = length_at_max_offset_;
    const bool found = pick_format([&](const Pgroup& pgroup) { return row_end % pgroup.bytes == 0; }, sampling, depth,
                                   inference);
    inference.confidence = found ? 1.0 / static_cast<double>(1 + inference.alternatives.size()) : 0;
    inference.basis = "no segment continues another on its row; rows end with " +
                      std::to_string(length_at_max_offset_) + " octets, which these formats fill exactly";
  }
  const Pgroup inferred_pgroup = pgroup_of(sampling, depth).value_or(Pgroup{5, 2, 1});
  if (sdp) {
    sampling = sdp->sampling;
    depth = sdp->depth;
    report.sampling_from_sdp = true;
  }
  report.sampling = sampling_name(sampling);
  report.depth = depth_name(depth);
  Pgroup pgroup = pgroup_of(sampling, depth).value_or(Pgroup{5, 2, 1});
  // An SDP whose pgroups do not fit the rows does not get to size the raster (sdp_check reports it).
  if (length_at_max_offset_ % pgroup.bytes != 0) pgroup = inferred_pgroup;

  // The stream's own density when it showed one: an SDP that names another sampling does not change the raster.
  report.width = report.octets_per_group > 0
                     ? max_offset_ + length_at_max_offset_ / report.octets_per_group * report.pixels_per_group
                     : max_offset_ + length_at_max_offset_ / pgroup.bytes * pgroup.pixels_per_line();
  report.interlaced = field_seen_[1];
  const std::uint32_t rows_to_lines = pgroup.lines;
  report.height = (max_line_[0] + rows_to_lines) + (report.interlaced ? max_line_[1] + rows_to_lines : 0);

  const std::uint32_t fields = report.interlaced ? 2 : 1;
  report.fields = report.interlaced ? units_ : 0;

  // Cadence: RTP steps between units.
  cadence = CadenceReport{};
  cadence.timestamp_step = unit_step_;
  if (cadence.timestamp_step.mean > 0) cadence.units_per_second = kVideoClockRate / cadence.timestamp_step.mean;
  if (sdp) {
    report.frame_rate = sdp->exact_frame_rate;
  } else if (cadence.units_per_second > 0) {
    report.frame_rate = snapped_frame_rate(cadence.units_per_second / fields);
  }
  VideoFormat named;
  named.width = report.width;
  named.height = report.height;
  named.interlaced = report.interlaced;
  named.exact_frame_rate = report.frame_rate;
  report.format_name = report.frame_rate.numerator > 0 ? video_format_name(named) : "unknown";

  const std::uint32_t per_unit = packets_per_unit();
  for (const auto& [count, times] : unit_sizes_) {
    if (count < per_unit) report.incomplete_frames += times;
  }
  if (units_ > 0 && unit_packets_ < per_unit) ++report.incomplete_frames;
  return report;
}

void VideoAnalyzer::settle(const std::optional<VideoFormat>& sdp) {
  CadenceReport cadence;
  const VideoReport report = describe(sdp, cadence);
  const std::uint32_t per_unit = packets_per_unit();
  if (report.frame_rate.numerator <= 0 || per_unit == 0) return;
  const std::uint32_t fields = report.interlaced ? 2 : 1;
  VideoTiming timing;
  timing.frame_rate = report.frame_rate;
  timing.height = report.height;
  timing.interlaced = report.interlaced;
  timing.packets_per_frame = per_unit * fields;
  Rational tro = tro_default_ns(timing);
  St2110_21Report t;
  t.packets_per_frame = timing.packets_per_frame;
  t.trs_ns = trs_ns(timing).to_double();
  t.tro_default_us = tro.to_double() / 1000.0;
  if (sdp && sdp->troff_us) tro = Rational{std::int64_t{*sdp->troff_us} * 1000, 1};
  timing_.reset(new TimingRun(timing, tro, per_unit));
  timing_->report = t;
}

void VideoAnalyzer::on_arrival(const PacketArrival& arrival) {
  if (!timing_) return;
  TimingRun& run = *timing_;
  const std::uint32_t c = run.cinst.on_packet(arrival.arrival_ns);
  if (!run.started) run.origin = arrival.arrival_ns;
  run.cinst_points.add(static_cast<std::uint64_t>(arrival.arrival_ns), c);
  ++run.report.cinst_histogram[c];
  if (run.started && arrival.rtp_timestamp != run.unit_timestamp) close_unit();
  run.started = true;
  run.unit_timestamp = arrival.rtp_timestamp;
  run.unit_arrivals.push_back(arrival.arrival_ns);
}

// The unit whose arrivals were gathered: its RTP offset, and when complete its epoch, TR offset and VRX.
void VideoAnalyzer::close_unit() {
  TimingRun& run = *timing_;
  if (run.unit_arrivals.empty()) return;
  St2110_21Report& t = run.report;
  const Nanoseconds first_arrival = run.unit_arrivals.front();
  const std::uint32_t timestamp = run.unit_timestamp;
  run.packet_to_rtp_us.add(arrival_after_rtp_ns(first_arrival, timestamp, kVideoClockRate) / 1000.0);
  if (run.unit_arrivals.size() >= run.per_unit) {
    // The unit's epoch: the one its RTP timestamp names when that lies within a unit period before the
    // first packet; otherwise the latest epoch at or before the first packet.
    const std::int64_t ticks = unwrapped_rtp_ticks(first_arrival, timestamp, kVideoClockRate);
    const auto from_rtp = static_cast<std::int64_t>(-floor_div(
        -Int128{ticks} * run.units_per_second.numerator, Int128{kVideoClockRate} * run.units_per_second.denominator));
    std::int64_t index = unit_index_at(run.timing, first_arrival);
    const Nanoseconds rtp_epoch = unit_epoch_ns(run.timing, from_rtp);
    if (rtp_epoch <= first_arrival && first_arrival - rtp_epoch < run.unit_period.to_double()) index = from_rtp;
    const Nanoseconds epoch = unit_epoch_ns(run.timing, index);
    const auto epoch_ticks = static_cast<std::int32_t>(
        timestamp - rtp_timestamp_of_frame(run.units_per_second, static_cast<std::uint64_t>(index), kVideoClockRate));
    const double offset_us = static_cast<double>(first_arrival - epoch) / 1000.0;
    if (run.first_offset) {
      t.tr_offset_us = offset_us;
      t.rtp_vs_epoch_ticks_min = t.rtp_vs_epoch_ticks_max = epoch_ticks;
      run.first_offset = false;
    }
    t.tr_offset_us = std::min(t.tr_offset_us, offset_us);
    t.rtp_vs_epoch_ticks_min = std::min<std::int64_t>(t.rtp_vs_epoch_ticks_min, epoch_ticks);
    t.rtp_vs_epoch_ticks_max = std::max<std::int64_t>(t.rtp_vs_epoch_ticks_max, epoch_ticks);
    run.vrx.begin_unit(epoch);
    run.vrx_linear.begin_unit(epoch);
    for (const Nanoseconds at : run.unit_arrivals) {
      run.vrx_points.add(static_cast<std::uint64_t>(at), static_cast<double>(run.vrx.on_packet(at)));
      run.vrx_linear.on_packet(at);
    }
    ++t.units_measured;
  }
  run.unit_arrivals.clear();
}

VideoReport VideoAnalyzer::finish(const std::optional<VideoFormat>& sdp, CadenceReport& cadence) {
  VideoReport report = describe(sdp, cadence);
  if (!timing_ || !timing_->started) return report;
  close_unit();
  TimingRun& run = *timing_;
  const VideoTiming& timing = run.timing;
  St2110_21Report t = std::move(run.report);
  cadence.packet_to_rtp_us = run.packet_to_rtp_us;
  t.cinst_max = run.cinst.cinst_max();
  const auto origin = static_cast<std::uint64_t>(run.origin);
  t.cinst_series = run.cinst_points.build(origin);
  t.vrx_series = run.vrx_points.build(origin);
  t.cmax_narrow = cmax(timing, SenderType::kNarrow);
  t.cmax_narrow_linear = cmax(timing, SenderType::kNarrowLinear);
  t.cmax_wide = cmax(timing, SenderType::kWide);
  t.vrx_min = run.vrx.vrx_min();
  t.vrx_max = run.vrx.vrx_max();
  t.vrx_linear_min = run.vrx_linear.vrx_min();
  t.vrx_linear_max = run.vrx_linear.vrx_max();
  t.vrx_full_narrow = vrx_full(timing, SenderType::kNarrow);
  t.vrx_full_wide = vrx_full(timing, SenderType::kWide);
  t.rtp_offset_limit_ticks = rtp_offset_limit_ticks(timing);
  t.rtp_offset_within_limit = t.units_measured > 0 && t.rtp_vs_epoch_ticks_min >= -1 &&
                              t.rtp_vs_epoch_ticks_max <= t.rtp_offset_limit_ticks;
  t.compliance = t.units_measured == 0
                     ? ComplianceClass::kNotCompliant
                     : classify(timing, TimingMeasurement{t.cinst_max, t.vrx_min, t.vrx_max, t.vrx_linear_min,
                                                          t.vrx_linear_max});
  report.timing = std::move(t);
  timing_.reset();
  return report;
}

}  // namespace crosspoint::cap
