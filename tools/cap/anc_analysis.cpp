#include "anc_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "crosspoint/st2110/anc.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "video_format_name.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

Expected<AncPayloadReader, ParseError> open_captured_anc(Bytes payload, std::size_t wire_length,
                                                         std::vector<std::uint8_t>& scratch) {
  if (payload.size() >= wire_length || payload.size() < kAncPayloadHeaderLength) return AncPayloadReader::open(payload);
  const std::size_t announced = (std::size_t{payload[2]} << 8) | payload[3];
  if (announced + kAncPayloadHeaderLength > wire_length) return Unexpected{ParseError::kTruncatedAnc};
  const std::size_t kept = std::min(announced, payload.size() - kAncPayloadHeaderLength);
  scratch.assign(payload.begin(), payload.end());
  scratch[2] = static_cast<std::uint8_t>(kept >> 8);
  scratch[3] = static_cast<std::uint8_t>(kept);
  return AncPayloadReader::open(Bytes(scratch));
}

bool looks_like_rfc8331(Bytes payload, std::size_t wire_length) {
  thread_local std::vector<std::uint8_t> scratch;
  auto reader = open_captured_anc(payload, wire_length, scratch);
  if (!reader) return false;
  // Length covers the whole payload after the header, give or take the last word's padding: audio samples
  // that happen to start with zeros do not.
  const std::size_t announced = ((std::size_t{payload[2]} << 8) | payload[3]) + kAncPayloadHeaderLength;
  if (announced > wire_length || wire_length - announced >= 4) return false;
  if (reader->header().anc_count == 0) return announced == kAncPayloadHeaderLength;
  const bool cut = payload.size() < wire_length;
  AncPacket packet;
  for (;;) {
    auto more = reader->next(packet);
    if (!more) return cut && more.error() == ParseError::kTruncatedAnc;
    if (!*more) return true;
  }
}

bool AncAnalyzer::add(const RtpHeader& rtp, Bytes payload, std::size_t wire_length) {
  auto reader = open_captured_anc(payload, wire_length, scratch_);
  if (!reader) {
    ++errors_[to_string(reader.error())];
    return false;
  }
  if (rtp.padding) ++padded_;
  fields_.insert(static_cast<std::uint8_t>(reader->header().field));
  if (reader->header().anc_count == 0) ++empty_;
  const bool cut = payload.size() < wire_length;
  AncPacket packet;
  std::uint32_t read = 0;
  for (;;) {
    auto more = reader->next(packet);
    if (!more) {
      if (cut && more.error() == ParseError::kTruncatedAnc) {
        cut_ += reader->header().anc_count - read;
        break;
      }
      ++errors_[to_string(more.error())];
      // A checksum mismatch is found after DID and SDID were read: charge it to them.
      if (more.error() == ParseError::kBadAncChecksum) {
        IdTally& tally = ids_[{packet.did, packet.sdid}];
        ++tally.errors[to_string(more.error())];
        tally.lines.insert(packet.line);
      }
      break;
    }
    if (!*more) break;
    ++read;
    ++anc_packets_;
    IdTally& tally = ids_[{packet.did, packet.sdid}];
    ++tally.packets;
    tally.lines.insert(packet.line);
    if (packet.user_data_parity_errors > 0) {
      errors_["user_data_parity"] += packet.user_data_parity_errors;
      tally.errors["user_data_parity"] += packet.user_data_parity_errors;
    }
  }
  return true;
}

AncReport AncAnalyzer::finish(const std::optional<AncFormat>& sdp, CadenceReport& cadence) const {
  AncReport report;
  report.anc_packets = anc_packets_;
  report.empty_payloads = empty_;
  report.padded_packets = padded_;
  report.errors = errors_;
  report.cut_anc_packets = cut_;
  for (const auto& [id, tally] : ids_) {
    report.data_ids.push_back(AncDataIdCount{id.first, id.second, tally.packets,
                                             std::vector<std::uint16_t>(tally.lines.begin(), tally.lines.end()),
                                             tally.errors});
  }
  for (const std::uint8_t f : fields_) {
    report.field_values.push_back(f == 0 ? "progressive" : f == 2 ? "first" : f == 3 ? "second" : "invalid");
  }
  report.interlaced = fields_.count(2) + fields_.count(3) > 0;

  if (cadence.timestamp_step.mean > 0) cadence.units_per_second = kVideoClockRate / cadence.timestamp_step.mean;
  if (sdp) {
    report.frame_rate = sdp->exact_frame_rate;
    report.interlaced = report.interlaced || sdp->interlaced;
  } else if (cadence.units_per_second > 0) {
    const double per_frame = cadence.units_per_second / (report.interlaced ? 2 : 1);
    report.frame_rate = snapped_frame_rate(per_frame);
  }
  return report;
}

}  // namespace crosspoint::cap
