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

bool VideoAnalyzer::add(Nanoseconds /*arrival_ns*/, const RtpHeader& rtp, Bytes payload) {
  const auto header = parse_rfc4175_header(payload);
  if (!header) return false;
  const auto rows = header->row_headers();
  if (rows.empty()) return false;
  if (units_.empty() || units_.back().timestamp != rtp.timestamp) {
    units_.push_back(Unit{packets_, 0, rtp.timestamp, rows[0].second_field});
  }
  ++units_.back().packets;
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

VideoReport VideoAnalyzer::finish(const std::optional<VideoFormat>& sdp, const std::vector<PacketArrival>& arrivals,
                                  CadenceReport& cadence) const {
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
  report.fields = report.interlaced ? units_.size() : 0;

  // Cadence: RTP steps between units.
  cadence = CadenceReport{};
  for (std::size_t i = 1; i < units_.size(); ++i) {
    cadence.timestamp_step.add(static_cast<std::int32_t>(units_[i].timestamp - units_[i - 1].timestamp));
  }
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

  // The packets a complete unit has: the commonest count.
  std::map<std::uint32_t, std::uint64_t> counts;
  for (const Unit& unit : units_) ++counts[unit.packets];
  std::uint32_t per_unit = 0;
  std::uint64_t best = 0;
  for (const auto& [count, times] : counts) {
    if (times > best || (times == best && count > per_unit)) {
      per_unit = count;
      best = times;
    }
  }
  for (const Unit& unit : units_) {
    if (unit.packets < per_unit) ++report.incomplete_frames;
  }

  if (report.frame_rate.numerator > 0 && per_unit > 0 && !arrivals.empty()) {
    VideoTiming timing;
    timing.frame_rate = report.frame_rate;
    timing.height = report.height;
    timing.interlaced = report.interlaced;
    timing.packets_per_frame = per_unit * fields;
    St2110_21Report t;
    t.packets_per_frame = timing.packets_per_frame;
    const Rational trs = trs_ns(timing);
    Rational tro = tro_default_ns(timing);
    t.trs_ns = trs.to_double();
    t.tro_default_us = tro.to_double() / 1000.0;
    if (sdp && sdp->troff_us) tro = Rational{std::int64_t{*sdp->troff_us} * 1000, 1};
    VideoTiming linear = timing;
    linear.schedule = ReadSchedule::kLinear;

    NetworkCompatibilityMeter cinst(network_drain_period_ns(timing));
    VirtualReceiverMeter vrx(trs, tro, per_unit);
    VirtualReceiverMeter vrx_linear(trs_ns(linear), tro, per_unit);
    PlotSeriesBuilder cinst_points;
    PlotSeriesBuilder vrx_points;
    for (const PacketArrival& a : arrivals) {
      const std::uint32_t c = cinst.on_packet(a.arrival_ns);
      cinst_points.add(static_cast<std::uint64_t>(a.arrival_ns), c);
      ++t.cinst_histogram[c];
    }

    const Rational units_per_second = unit_rate(timing);
    const Rational unit_period = unit_period_ns(timing);
    bool first_offset = true;
    for (const Unit& unit : units_) {
      if (unit.first_packet >= arrivals.size()) break;
      const Nanoseconds first_arrival = arrivals[unit.first_packet].arrival_ns;
      cadence.packet_to_rtp_us.add(arrival_after_rtp_ns(first_arrival, unit.timestamp, kVideoClockRate) / 1000.0);
      if (unit.packets < per_unit) continue;
      // The unit's epoch: the one its RTP timestamp names when that lies within a unit period before the
      // first packet; otherwise the latest epoch at or before the first packet.
      const std::int64_t ticks = unwrapped_rtp_ticks(first_arrival, unit.timestamp, kVideoClockRate);
      const auto from_rtp = static_cast<std::int64_t>(
          -floor_div(-Int128{ticks} * units_per_second.numerator, Int128{kVideoClockRate} * units_per_second.denominator));
      std::int64_t index = unit_index_at(timing, first_arrival);
      const Nanoseconds rtp_epoch = unit_epoch_ns(timing, from_rtp);
      if (rtp_epoch <= first_arrival && first_arrival - rtp_epoch < unit_period.to_double()) index = from_rtp;
      const Nanoseconds epoch = unit_epoch_ns(timing, index);
      const auto epoch_ticks = static_cast<std::int32_t>(
          unit.timestamp - rtp_timestamp_of_frame(units_per_second, static_cast<std::uint64_t>(index), kVideoClockRate));
      const double offset_us = static_cast<double>(first_arrival - epoch) / 1000.0;
      if (first_offset) {
        t.tr_offset_us = offset_us;
        t.rtp_vs_epoch_ticks_min = t.rtp_vs_epoch_ticks_max = epoch_ticks;
        first_offset = false;
      }
      t.tr_offset_us = std::min(t.tr_offset_us, offset_us);
      t.rtp_vs_epoch_ticks_min = std::min<std::int64_t>(t.rtp_vs_epoch_ticks_min, epoch_ticks);
      t.rtp_vs_epoch_ticks_max = std::max<std::int64_t>(t.rtp_vs_epoch_ticks_max, epoch_ticks);
      vrx.begin_unit(epoch);
      vrx_linear.begin_unit(epoch);
      const std::size_t end = std::min(arrivals.size(), unit.first_packet + unit.packets);
      for (std::size_t i = unit.first_packet; i < end; ++i) {
        vrx_points.add(static_cast<std::uint64_t>(arrivals[i].arrival_ns),
                       static_cast<double>(vrx.on_packet(arrivals[i].arrival_ns)));
        vrx_linear.on_packet(arrivals[i].arrival_ns);
      }
      ++t.units_measured;
    }
    t.cinst_max = cinst.cinst_max();
    const auto origin = static_cast<std::uint64_t>(arrivals.front().arrival_ns);
    t.cinst_series = cinst_points.build(origin);
    t.vrx_series = vrx_points.build(origin);
    t.cmax_narrow = cmax(timing, SenderType::kNarrow);
    t.cmax_narrow_linear = cmax(timing, SenderType::kNarrowLinear);
    t.cmax_wide = cmax(timing, SenderType::kWide);
    t.vrx_min = vrx.vrx_min();
    t.vrx_max = vrx.vrx_max();
    t.vrx_linear_min = vrx_linear.vrx_min();
    t.vrx_linear_max = vrx_linear.vrx_max();
    t.vrx_full_narrow = vrx_full(timing, SenderType::kNarrow);
    t.vrx_full_wide = vrx_full(timing, SenderType::kWide);
    t.rtp_offset_limit_ticks = rtp_offset_limit_ticks(timing);
    t.rtp_offset_within_limit = t.units_measured > 0 && t.rtp_vs_epoch_ticks_min >= -1 &&
                                t.rtp_vs_epoch_ticks_max <= t.rtp_offset_limit_ticks;
    t.compliance = t.units_measured == 0
                       ? ComplianceClass::kNotCompliant
                       : classify(timing, TimingMeasurement{t.cinst_max, t.vrx_min, t.vrx_max, t.vrx_linear_min,
                                                            t.vrx_linear_max});
    report.timing = t;
  }
  return report;
}

}  // namespace crosspoint::cap
