// Generates an ST 2110-20 flow: the test pattern, packed by the format's packet plan (GPM or BPM), paced by
// ST 2110-21, RTP timestamps from the ST 2059-1 media clock. Each field is rendered once, then packets
// are copies of its rows behind pre-built headers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/video_packet_plan.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/signal/flow_address.hpp"
#include "crosspoint/signal/packet_source.hpp"
#include "crosspoint/signal/sender_pacing.hpp"
#include "crosspoint/signal/test_pattern.hpp"

namespace crosspoint::cap {

struct VideoFlowSpec {
  st2110::VideoFormat format;
  VideoPacing pacing = VideoPacing::kGapped;
  PatternChoice pattern;
  std::uint32_t frames = 2;
  PtpTime start;  // the first frame is the first whose epoch is at or after this instant
  FlowAddress address;
  std::uint16_t first_sequence = 0;
};

class VideoGenerator final : public PacketSource {
 public:
  static Expected<std::unique_ptr<VideoGenerator>, std::string> create(const VideoFlowSpec& spec);

  bool next(GeneratedPacket& packet) override;

  [[nodiscard]] const st2110::VideoPacketPlan& plan() const { return plan_; }
  [[nodiscard]] const TestPattern& pattern() const { return pattern_; }
  // The frame number (since the PTP epoch) of the first generated frame.
  [[nodiscard]] std::uint64_t first_frame() const { return first_frame_; }

 private:
  VideoGenerator(const VideoFlowSpec& spec, st2110::VideoPacketPlan plan, st2110::VideoTiming timing);

  VideoFlowSpec spec_;
  st2110::VideoPacketPlan plan_;
  st2110::VideoTiming timing_;
  TestPattern pattern_;
  VideoPacer pacer_;
  std::uint64_t first_frame_ = 0;
  std::uint32_t frame_ = 0;        // frames done
  std::uint32_t index_ = 0;        // packet of the current frame
  std::uint32_t rendered_field_ = UINT32_MAX;
  std::uint64_t sent_ = 0;
  std::vector<std::uint8_t> field_data_;
  std::vector<std::uint8_t> frame_buffer_;
};

}  // namespace crosspoint::cap
