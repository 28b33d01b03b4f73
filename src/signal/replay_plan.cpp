#include "crosspoint/signal/replay_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::cap {

namespace {

using st2110::Int128;

// The media clocks ST 2110 flows use: video and ancillary, then audio.
constexpr std::array<std::uint32_t, 4> kClockRates = {90000, 48000, 96000, 44100};

// The standard rate nearest `measured` within 2 %, or 0.
std::uint32_t nearest_clock_rate(double measured) {
  for (const std::uint32_t rate : kClockRates) {
    if (std::abs(measured - rate) < rate * 0.02) return rate;
  }
  return 0;
}

// The frame (or field: twice the frame rate) rate whose period is `ticks` of 90 kHz within 1 %, or 0/1.
Rational nearest_unit_rate(double ticks) {
  for (const Rational& frame_rate : st2110::kSt2110FrameRates) {
    for (const std::int64_t fields : {1, 2}) {
      const Rational rate{frame_rate.numerator * fields, frame_rate.denominator};
      const double period_ticks = 90000.0 * static_cast<double>(rate.denominator) / static_cast<double>(rate.numerator);
      if (std::abs(period_ticks - ticks) < period_ticks * 0.01) return rate.reduced();
    }
  }
  return Rational{0, 1};
}

// The RTP tick count since the PTP epoch of `timestamp`, unwrapped with the instant it was seen at.
std::int64_t unwrapped_ticks(std::uint64_t seen_ns, std::uint32_t timestamp, std::uint32_t clock_rate) {
  const auto now_ticks = static_cast<std::int64_t>(Int128{static_cast<std::int64_t>(seen_ns)} * clock_rate / kNanosPerSecond);
  return now_ticks - st2110::rtp_ticks_after(PtpTime::from_nanos(seen_ns), timestamp, clock_rate);
}

Nanoseconds ticks_to_ns(std::int64_t ticks, std::uint32_t clock_rate) {
  return static_cast<Nanoseconds>(-st2110::floor_div(-Int128{ticks} * kNanosPerSecond, clock_rate));
}

Nanoseconds epoch_of(Rational rate, std::int64_t unit) {
  return static_cast<Nanoseconds>(st2110::frame_epoch_instant(rate, static_cast<std::uint64_t>(unit)).to_nanos());
}

}  // namespace

Expected<ReplayPlan, std::string> ReplayPlan::load(const std::string& path) {
  auto reader = capture::PcapReader::open(path);
  if (!reader) return Unexpected{reader.error()};
  ReplayPlan plan;
  std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint16_t> flow_of;
  std::optional<std::uint16_t> other;
  while (auto frame = reader->next()) {
    if (plan.bytes_.size() + frame->bytes.size() > kMaxBytes) return Unexpected{path + ": more than 2 GiB of frames"};
    ReplayRecord record;
    record.capture_ns = frame->timestamp_ns;
    record.offset = plan.bytes_.size();
    record.length = static_cast<std::uint32_t>(frame->bytes.size());
    plan.bytes_.insert(plan.bytes_.end(), frame->bytes.begin(), frame->bytes.end());
    auto view = st2110::parse_rtp_packet(frame->bytes);
    if (view) {
      const auto key = std::make_pair(view->ip.destination.value, view->udp.destination_port);
      auto [it, fresh] = flow_of.emplace(key, static_cast<std::uint16_t>(plan.flows_.size()));
      if (fresh) {
        ReplayFlow flow;
        flow.rtp = true;
        flow.destination = key.first;
        flow.udp_port = key.second;
        plan.flows_.push_back(flow);
      }
      record.flow = it->second;
      record.rtp_offset = static_cast<std::uint16_t>(view->rtp_offset);
      record.timestamp = view->rtp.timestamp;
      record.sequence = view->rtp.sequence;
      record.rtp_header_length = static_cast<std::uint16_t>(view->payload.data() - frame->bytes.data() - view->rtp_offset);
    } else {
      if (!other) {
        other = static_cast<std::uint16_t>(plan.flows_.size());
        plan.flows_.emplace_back();
      }
      record.flow = *other;
    }
    plan.flows_[record.flow].records.push_back(static_cast<std::uint32_t>(plan.records_.size()));
    plan.records_.push_back(record);
  }
  if (!reader->error().empty()) return Unexpected{path + ": " + reader->error()};
  if (plan.records_.empty()) return Unexpected{path + ": no frames"};
  plan.first_capture_ns_ = plan.records_.front().capture_ns;
  const std::size_t n = plan.records_.size();
  const auto last = static_cast<Nanoseconds>(plan.records_.back().capture_ns - plan.first_capture_ns_);
  // One pass of the file ends one mean gap after its last frame.
  plan.span_ns_ = n > 1 ? last + last / static_cast<Nanoseconds>(n - 1) : 1'000'000;
  if (plan.span_ns_ <= 0) plan.span_ns_ = 1'000'000;
  for (ReplayFlow& flow : plan.flows_) plan.describe(flow);
  return plan;
}

void ReplayPlan::describe(ReplayFlow& flow) {
  flow.packets_per_pass = static_cast<std::uint32_t>(flow.records.size());
  flow.pass_ns = span_ns_;
  if (!flow.rtp) return;
  // Frames: runs of one timestamp. Ticks count from the flow's first timestamp, through any wrap.
  struct Unit {
    std::int64_t ticks;
    std::uint64_t first_capture_ns;
  };
  std::vector<Unit> units;
  std::int64_t ticks = 0;
  std::uint32_t previous = records_[flow.records.front()].timestamp;
  for (const std::uint32_t index : flow.records) {
    ReplayRecord& r = records_[index];
    ticks += static_cast<std::int32_t>(r.timestamp - previous);
    previous = r.timestamp;
    r.ticks = ticks;
    if (units.empty() || units.back().ticks != ticks) units.push_back(Unit{ticks, r.capture_ns});
    r.unit = static_cast<std::uint32_t>(units.size() - 1);
  }
  flow.units_per_pass = static_cast<std::uint32_t>(units.size());
  // Video (RFC 4175) and ancillary (RFC 8331) carry the sequence number's high half at the payload's start.
  flow.extended_sequence = flow.clock_rate == 90000 && std::all_of(flow.records.begin(), flow.records.end(), [&](std::uint32_t i) {
    return records_[i].length >= records_[i].rtp_offset + 12U + 2U;
  });
  // Sequence numbers advance a pass by the span they cover, losses included: the two legs of an ST 2022-7
  // pair, each missing other packets, stay the same packets pass after pass.
  std::int64_t sequence_span = 0;
  const auto full_sequence = [&](const ReplayRecord& r) {
    if (!flow.extended_sequence) return std::uint32_t{r.sequence};
    const std::uint8_t* extended = bytes_.data() + r.offset + r.rtp_offset + r.rtp_header_length;
    return static_cast<std::uint32_t>(extended[0] << 24 | extended[1] << 16 | r.sequence);
  };
  std::uint32_t previous_sequence = full_sequence(records_[flow.records.front()]);
  for (const std::uint32_t index : flow.records) {
    const std::uint32_t sequence = full_sequence(records_[index]);
    records_[index].full_sequence = sequence;
    sequence_span += flow.extended_sequence ? static_cast<std::int32_t>(sequence - previous_sequence)
                                            : static_cast<std::int16_t>(static_cast<std::uint16_t>(sequence - previous_sequence));
    previous_sequence = sequence;
  }
  flow.pass_sequence = static_cast<std::uint32_t>(sequence_span + 1);
  const Unit& first = units.front();
  double step_ticks = 0;
  if (units.size() > 1) {
    const double seconds = static_cast<double>(units.back().first_capture_ns - first.first_capture_ns) / 1e9;
    step_ticks = static_cast<double>(units.back().ticks - first.ticks) / static_cast<double>(units.size() - 1);
    const std::uint32_t rate = seconds > 0 ? nearest_clock_rate(static_cast<double>(units.back().ticks - first.ticks) / seconds) : 0;
    if (rate != 0) flow.clock_rate = rate;
    if (flow.clock_rate == 90000) flow.unit_rate = nearest_unit_rate(step_ticks);
    flow.framed = flow.unit_rate.numerator > 0;
  }
  if (flow.framed) {
    const Rational rate = flow.unit_rate;
    flow.pass_ticks = static_cast<std::int64_t>(std::llround(90000.0 * flow.units_per_pass * static_cast<double>(rate.denominator) /
                                                             static_cast<double>(rate.numerator)));
    flow.pass_ns = static_cast<Nanoseconds>(Int128{flow.units_per_pass} * kNanosPerSecond * rate.denominator / rate.numerator);
    const auto period = static_cast<Nanoseconds>(kNanosPerSecond * rate.denominator / rate.numerator);
    // Each packet's offset from its frame's epoch, the frame named by its timestamp on the capture's clock;
    // a capture not stamped on PTP time gets the offset of a 1080-line TRO_DEFAULT.
    for (const std::uint32_t index : flow.records) {
      ReplayRecord& r = records_[index];
      const std::int64_t tick = unwrapped_ticks(r.capture_ns, r.timestamp, 90000);
      const auto unit = static_cast<std::int64_t>(-st2110::floor_div(-Int128{tick} * rate.numerator, Int128{90000} * rate.denominator));
      r.unit_offset_ns = static_cast<Nanoseconds>(r.capture_ns) - epoch_of(rate, unit);
      if (r.unit_offset_ns < -period || r.unit_offset_ns > 2 * period) {
        r.unit_offset_ns = static_cast<Nanoseconds>(r.capture_ns - units[r.unit].first_capture_ns) + period * 43 / 1125;
      }
    }
    return;
  }
  // Packet-timed (audio; or one frame alone, whose rate cannot be told): a pass advances by its span.
  flow.pass_ticks = units.size() > 1 ? static_cast<std::int64_t>(std::llround(static_cast<double>(units.back().ticks - first.ticks) + step_ticks))
                                     : static_cast<std::int64_t>(Int128{span_ns_} * flow.clock_rate / kNanosPerSecond);
  if (flow.pass_ticks <= 0) flow.pass_ticks = 1;
  flow.pass_ns = ticks_to_ns(flow.pass_ticks, flow.clock_rate);
  for (const std::uint32_t index : flow.records) {
    ReplayRecord& r = records_[index];
    const std::int64_t tick = unwrapped_ticks(r.capture_ns, r.timestamp, flow.clock_rate);
    r.unit_offset_ns = static_cast<Nanoseconds>(r.capture_ns) - ticks_to_ns(tick, flow.clock_rate);
    // Not stamped on the capture's clock: keep the spacing from the first packet instead.
    if (r.unit_offset_ns < -1'000'000 || r.unit_offset_ns > 10'000'000) {
      r.unit_offset_ns = static_cast<Nanoseconds>(r.capture_ns - records_[flow.records.front()].capture_ns) -
                         ticks_to_ns(r.ticks, flow.clock_rate);
    }
  }
}

void ReplayPlan::rebase(std::uint64_t start_ptp_ns) {
  for (ReplayFlow& flow : flows_) {
    if (flow.framed) {
      const PtpTime boundary = st2110::next_frame_boundary(PtpTime::from_nanos(start_ptp_ns), flow.unit_rate);
      flow.base_unit = static_cast<std::int64_t>(st2110::frame_at(boundary, flow.unit_rate));
    } else {
      flow.base_tick = static_cast<std::int64_t>(
          -st2110::floor_div(-Int128{static_cast<std::int64_t>(start_ptp_ns)} * flow.clock_rate, kNanosPerSecond));
    }
  }
}

ReplayEmission ReplayPlan::emission(const ReplayRecord& record, std::uint64_t pass, bool restamped) const {
  const ReplayFlow& flow = flows_[record.flow];
  const auto p = static_cast<std::int64_t>(pass);
  ReplayEmission e;
  e.sequence = static_cast<std::uint32_t>(record.full_sequence + pass * flow.pass_sequence);
  if (!flow.rtp || !restamped) {
    e.time_ns = static_cast<std::int64_t>(record.capture_ns) + p * flow.pass_ns;
    e.timestamp = static_cast<std::uint32_t>(record.timestamp + static_cast<std::uint64_t>(p * flow.pass_ticks));
    if (!flow.rtp) e.sequence = record.sequence;
    return e;
  }
  if (flow.framed) {
    const std::int64_t unit = flow.base_unit + p * flow.units_per_pass + record.unit;
    e.time_ns = epoch_of(flow.unit_rate, unit) + record.unit_offset_ns;
    e.timestamp = st2110::rtp_timestamp_of_frame(flow.unit_rate, static_cast<std::uint64_t>(unit), 90000);
    return e;
  }
  const std::int64_t tick = flow.base_tick + p * flow.pass_ticks + record.ticks;
  e.time_ns = ticks_to_ns(tick, flow.clock_rate) + record.unit_offset_ns;
  e.timestamp = static_cast<std::uint32_t>(tick);
  return e;
}

}  // namespace crosspoint::cap
