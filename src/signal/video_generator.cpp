#include "crosspoint/signal/video_generator.hpp"

#include <cstring>

#include "crosspoint/st2110/media_clock.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

VideoTiming timing_of(const VideoFormat& format, std::uint32_t packets_per_frame) {
  VideoTiming timing;
  timing.frame_rate = format.exact_frame_rate;
  timing.height = format.height;
  timing.interlaced = format.interlaced || format.segmented;
  timing.packets_per_frame = packets_per_frame;
  timing.schedule = format.sender_type == SenderType::kNarrowLinear ? ReadSchedule::kLinear : ReadSchedule::kGapped;
  return timing;
}

}  // namespace

Expected<std::unique_ptr<VideoGenerator>, std::string> VideoGenerator::create(const VideoFlowSpec& spec) {
  auto plan = VideoPacketPlan::create(spec.format);
  if (!plan) return Unexpected{plan.error()};
  const VideoTiming timing = timing_of(spec.format, plan->packets_per_frame());
  return std::unique_ptr<VideoGenerator>(new VideoGenerator(spec, std::move(plan.value()), timing));
}

VideoGenerator::VideoGenerator(const VideoFlowSpec& spec, VideoPacketPlan plan, VideoTiming timing)
    : spec_(spec),
      plan_(std::move(plan)),
      timing_(timing),
      pattern_(plan_.geometry(), spec.format.sampling, spec.format.depth, spec.pattern),
      pacer_(timing, spec.pacing,
             static_cast<std::uint32_t>(kRtpFrameHeaderLength + rfc4175_header_length(3) +
                                        plan_.data_bytes_per_packet())) {
  // Frame numbers count frames; with fields, the first field's epoch is the frame's.
  const PtpTime boundary = next_frame_boundary(spec.start, spec.format.exact_frame_rate);
  first_frame_ = frame_at(boundary, spec.format.exact_frame_rate);
  field_data_.resize(plan_.geometry().field_bytes(0));
  frame_buffer_.resize(kRtpFrameHeaderLength + rfc4175_header_length(kMaxSampleRows) + kBpmMaxDataBytes +
                       plan_.data_bytes_per_packet());
}

bool VideoGenerator::next(GeneratedPacket& packet) {
  if (frame_ >= spec_.frames) return false;
  const std::uint64_t frame = first_frame_ + frame_;
  const PlannedPacket planned = plan_.packet(index_);
  if (planned.field != rendered_field_) {
    pattern_.render_field(frame, planned.field, field_data_);
    rendered_field_ = planned.field;
  }
  const std::uint32_t fields = timing_.interlaced ? 2 : 1;
  const std::uint64_t unit = frame * fields + planned.field;
  const PtpTime unit_epoch = frame_epoch_instant(unit_rate(timing_), unit);
  const std::uint32_t index_in_unit = index_ - (planned.field == 0 ? 0 : plan_.packets_in_field(0));

  const auto sequence = static_cast<std::uint32_t>(spec_.first_sequence + sent_);
  RtpHeader rtp;
  rtp.marker = planned.marker;
  rtp.payload_type = spec_.address.payload_type;
  rtp.sequence = static_cast<std::uint16_t>(sequence);
  rtp.timestamp = rtp_timestamp_of_frame(unit_rate(timing_), unit, kVideoClockRate);
  rtp.ssrc = spec_.address.ssrc;

  MutableBytes out(frame_buffer_);
  const std::size_t headers = write_rtp_frame_headers(out, spec_.address, rtp, planned.payload_length(),
                                                      static_cast<std::uint16_t>(sent_));
  const std::size_t srd = write_rfc4175_header(out.subspan(headers), static_cast<std::uint16_t>(sequence >> 16),
                                               planned.row_headers());
  std::memcpy(out.data() + headers + srd, field_data_.data() + planned.field_data_offset, planned.data_length);

  packet.send_time_ns = static_cast<Nanoseconds>(pacer_.send_time(
      static_cast<Nanoseconds>(unit_epoch.to_nanos()), index_in_unit));
  packet.index = sent_;
  packet.frame = std::span<const std::uint8_t>(frame_buffer_.data(), headers + srd + planned.data_length);

  ++sent_;
  if (++index_ >= plan_.packets_per_frame()) {
    index_ = 0;
    ++frame_;
    rendered_field_ = UINT32_MAX;
  }
  return true;
}

}  // namespace crosspoint::cap
