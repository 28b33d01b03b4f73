// Generates an ST 2110-30 flow: a tone per channel (1 kHz on channel 1, 2 kHz on 2, ...), RTP timestamps
// counting samples from the PTP epoch (ST 2059-1), each packet sent when its last sample is due.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/pcm.hpp"
#include "crosspoint/signal/flow_address.hpp"
#include "crosspoint/signal/packet_source.hpp"

namespace crosspoint::cap {

struct AudioFlowSpec {
  st2110::AudioFormat format;
  PtpTime start;                     // the first packet's first sample is the first at or after this
  std::uint64_t duration_ns = 0;     // packets until this much audio has been sent
  FlowAddress address;
  std::uint16_t first_sequence = 0;
};

class AudioGenerator final : public PacketSource {
 public:
  static Expected<std::unique_ptr<AudioGenerator>, std::string> create(const AudioFlowSpec& spec);
  bool next(GeneratedPacket& packet) override;

  [[nodiscard]] const st2110::PcmPacketShape& shape() const { return shape_; }
  [[nodiscard]] std::uint64_t packet_count() const { return packets_; }

 private:
  AudioGenerator(const AudioFlowSpec& spec, st2110::PcmPacketShape shape);

  AudioFlowSpec spec_;
  st2110::PcmPacketShape shape_;
  std::uint64_t first_sample_ = 0;   // samples since the PTP epoch
  std::uint64_t packets_ = 0;
  std::uint64_t sent_ = 0;
  std::vector<std::int32_t> samples_;
  std::vector<std::uint8_t> frame_buffer_;
};

}  // namespace crosspoint::cap
