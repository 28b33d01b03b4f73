#include "jpeg_xs_analysis.hpp"

#include "crosspoint/st2110/media_clock.hpp"
#include "video_format_name.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

bool JpegXsAnalyzer::add(const RtpHeader& rtp, Bytes payload, std::size_t wire_length) {
  const auto header = parse_jpeg_xs_header(payload);
  if (!header) return false;
  ++packets_;
  ++(header->packetization == JpegXsPacketization::kSlice ? slice_packets_ : codestream_packets_);
  if (!header->sequential) ++non_sequential_;
  if (header->scan != JpegXsScan::kProgressive) ++interlaced_;
  if (header->packet_in_frame() == 0 && starts_jpeg_xs_codestream(payload)) ++starts_;
  codestream_octets_ += wire_length - kJpegXsPayloadHeaderLength;
  if (last_) {
    const auto step = static_cast<std::uint16_t>(rtp.sequence - last_sequence_);
    const bool new_frame = rtp.timestamp != last_timestamp_;
    // Counters are checked across consecutive packets only: a loss is the sequence tracker's to count.
    if (step == 1) {
      const bool follows =
          new_frame ? header->frame_counter == ((last_->frame_counter + 1) & 0x1f) && header->packet_in_frame() == 0
                    : header->frame_counter == last_->frame_counter &&
                          (header->packet_in_frame() == last_->packet_in_frame() + 1 ||
                           (header->sep_counter == last_->sep_counter + 1 && header->packet_counter == 0));
      if (!follows) ++counter_errors_;
    }
  }
  last_ = *header;
  last_sequence_ = rtp.sequence;
  last_timestamp_ = rtp.timestamp;
  return true;
}

CompressedVideoReport JpegXsAnalyzer::finish(std::uint64_t units, CadenceReport& cadence) const {
  CompressedVideoReport report;
  report.packetization = to_string(slice_packets_ > codestream_packets_ ? JpegXsPacketization::kSlice
                                                                         : JpegXsPacketization::kCodestream);
  report.sequential = non_sequential_ == 0;
  report.interlaced = interlaced_ > packets_ / 2;
  report.codestream_starts = starts_;
  report.counter_errors = counter_errors_;
  report.frames = report.interlaced ? (units + 1) / 2 : units;
  if (cadence.timestamp_step.mean > 0) {
    cadence.units_per_second = kVideoClockRate / cadence.timestamp_step.mean;
    report.frame_rate = snapped_frame_rate(cadence.units_per_second / (report.interlaced ? 2 : 1));
    // Octets of every unit over the media time the units span: loss lowers it, capture gaps do not.
    report.bit_rate_bps = units > 0 ? static_cast<double>(codestream_octets_) * 8.0 * cadence.units_per_second /
                                          static_cast<double>(units)
                                    : 0;
  }
  report.packets_per_frame = report.frames > 0 ? static_cast<double>(packets_) / static_cast<double>(report.frames) : 0;
  return report;
}

}  // namespace crosspoint::cap
