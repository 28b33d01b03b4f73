#include "pace_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/st2110_21_exact.hpp"

namespace crosspoint::engine {

namespace {

// Timestamps further than this from PTP time are not on it: a source with a clock of its own.
constexpr std::int64_t kUnalignedNs = 1'000'000'000;

// Wide senders may burst up to CMAX wide (16 at least): released in groups of this many.
constexpr std::uint32_t kWideGroup = 8;

}  // namespace

PaceSchedule::PaceSchedule(const OutputPacing& pacing, st2110::MediaType media)
    : mode_(pacing.mode), media_(media), clock_rate_(pacing.clock_rate == 0 ? 90000 : pacing.clock_rate) {
  timing_.frame_rate = pacing.frame_rate;
  timing_.height = pacing.height;
  timing_.interlaced = pacing.interlaced;
  timing_.packets_per_frame = pacing.packets_per_frame;
  timing_.schedule = mode_ == PacingMode::kNarrowLinear ? st2110::ReadSchedule::kLinear : st2110::ReadSchedule::kGapped;
  group_ = mode_ == PacingMode::kWide ? kWideGroup : 1;
  burst_ = std::max<std::uint32_t>(2, group_);
  delay_ns_ = std::int64_t{pacing.delay_us} * 1000;
  lead_ns_ = mode_ == PacingMode::kWide ? delay_ns_ / 2 : 0;
  if (media_ == st2110::MediaType::kVideo && timing_.frame_rate.numerator > 0) {
    unit_ns_ = st2110::unit_period_ns(timing_).to_double();
    read_offset_ns_ = static_cast<double>(paced_read_offset_us(pacing).value_or(0)) * 1000.0;
    update_trs();
  }
}

void PaceSchedule::update_trs() {
  trs_ns_ = timing_.packets_per_frame == 0 ? 0.0 : st2110::trs_ns(timing_).to_double();
  drain_ns_ = timing_.packets_per_frame == 0 ? 0.0 : st2110::network_drain_period_ns(timing_).to_double();
  const auto type = sender_type_of(mode_);
  if (timing_.packets_per_frame != 0 && type) burst_ = std::max({2U, group_, st2110::cmax(timing_, *type) / 2});
}

std::int64_t PaceSchedule::media_time_ns(std::uint32_t rtp_timestamp, std::uint64_t now_ns) const {
  const std::int64_t ticks_after = st2110::rtp_ticks_after(PtpTime::from_nanos(now_ns), rtp_timestamp, clock_rate_);
  const auto now_ticks = static_cast<std::int64_t>(static_cast<st2110::Int128>(now_ns) * clock_rate_ / kNanosPerSecond);
  const std::int64_t ticks = now_ticks - ticks_after;  // the timestamp, unwrapped
  return static_cast<std::int64_t>(static_cast<st2110::Int128>(ticks) * kNanosPerSecond / clock_rate_);
}

std::uint64_t PaceSchedule::due_ns(std::uint32_t rtp_timestamp, bool marker, std::uint64_t now_ns) {
  return media_ == st2110::MediaType::kVideo ? video_due(rtp_timestamp, marker, now_ns) : packet_due(rtp_timestamp, now_ns);
}

void PaceSchedule::begin_frame(std::uint32_t rtp_timestamp, std::uint64_t now_ns) {
  // Two complete frames (their markers seen) of one count tell N: a route may have moved to a flow packed
  // otherwise. One is not enough: the first frame after joining a flow may be partial.
  const std::uint32_t per_frame = timing_.interlaced ? frame_packets_ * 2 : frame_packets_;
  if (in_frame_ && last_marker_ && frame_packets_ != 0) {
    if (per_frame == last_complete_ && per_frame != timing_.packets_per_frame) {
      timing_.packets_per_frame = per_frame;
      update_trs();
    }
    last_complete_ = per_frame;
  } else {
    last_complete_ = 0;
  }
  in_frame_ = true;
  frame_timestamp_ = rtp_timestamp;
  frame_packets_ = 0;
  const std::int64_t media_ns = media_time_ns(rtp_timestamp, now_ns);
  // A frame's timestamp is its epoch floored to a tick: the epoch lies within the tick after it.
  const std::int64_t tick_ns = (kNanosPerSecond + clock_rate_ - 1) / clock_rate_;
  const std::int64_t named = st2110::unit_index_at(timing_, media_ns + tick_ns - 1);
  std::int64_t index = named + shift_units_;
  // The schedule's first drain instant, epoch + read offset (absolute times stay integers: a double holds
  // today's nanoseconds since 1970 only to 256 ns).
  const auto read_start = [&](std::int64_t unit) {
    return st2110::unit_epoch_ns(timing_, unit) + static_cast<std::int64_t>(read_offset_ns_) - lead_ns_;
  };
  const auto now = static_cast<std::int64_t>(now_ns);
  const auto near = [&](std::int64_t unit) {
    const std::int64_t start = read_start(unit);
    return start > now - kUnalignedNs && start < now + kUnalignedNs;
  };
  // On PTP time: the frame the timestamp names, however late it came (its packets then leave at once).
  // Otherwise the flow's clock is another: paced from the next read schedule that has not begun, the
  // shift kept for the frames that follow.
  if (near(named)) {
    shift_units_ = 0;
    index = named;
  } else if (!near(index)) {
    index = st2110::unit_index_at(timing_, now);
    if (read_start(index) < now) ++index;
    shift_units_ = index - named;
    ++unaligned_;
  }
  frame_read_start_ns_ = read_start(index);
}

std::uint64_t PaceSchedule::video_due(std::uint32_t rtp_timestamp, bool marker, std::uint64_t now_ns) {
  if (!in_frame_ || rtp_timestamp != frame_timestamp_ || last_marker_) begin_frame(rtp_timestamp, now_ns);
  last_marker_ = marker;
  const std::uint32_t j = frame_packets_++ / group_ * group_;
  // Half a TRS ahead of the packet's drain instant: the receiver's buffer never underflows.
  const auto offset = static_cast<std::int64_t>(std::floor(trs_ns_ * (static_cast<double>(j) - 0.5)));
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, frame_read_start_ns_ + offset));
}

std::uint64_t PaceSchedule::packet_due(std::uint32_t rtp_timestamp, std::uint64_t now_ns) {
  std::int64_t due = media_time_ns(rtp_timestamp, now_ns) + shift_ns_ + delay_ns_;
  const auto now = static_cast<std::int64_t>(now_ns);
  // Far from PTP time: paced from its arrival plus the delay instead.
  if (due < now - kUnalignedNs || due > now + kUnalignedNs) {
    shift_ns_ = now + delay_ns_ - (due - shift_ns_ - delay_ns_);
    due = now + delay_ns_;
    ++unaligned_;
  }
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, due));
}

}  // namespace crosspoint::engine
