// Generates an ST 2110-40 flow: per frame (per field when interlaced) one RTP packet carrying an ST 12-2
// ancillary timecode (ATC, DID/SDID 60/60, line 9) and a CEA-708 caption distribution packet (CDP,
// 61/01, line 10), with the marker bit, sent shortly after the frame's epoch instant.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/anc.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/signal/flow_address.hpp"
#include "crosspoint/signal/packet_source.hpp"

namespace crosspoint::cap {

struct AncFlowSpec {
  st2110::AncFormat format;
  std::uint32_t frames = 2;
  PtpTime start;
  FlowAddress address;
  std::uint16_t first_sequence = 0;
};

// The ST 12-2 ATC user data words (LTC, non-drop) of hours:minutes:seconds:frames.
std::array<std::uint16_t, 16> timecode_user_words(std::uint32_t hours, std::uint32_t minutes, std::uint32_t seconds,
                                                  std::uint32_t frames);
// A CEA-708 CDP for a frame rate, carrying two CEA-608 characters of field 1, the rest padding; its bytes
// as 10-bit user data words. `sequence` is the CDP header/footer sequence counter.
std::vector<std::uint16_t> caption_cdp_user_words(Rational frame_rate, std::uint16_t sequence, char first, char second);

class AncGenerator final : public PacketSource {
 public:
  static Expected<std::unique_ptr<AncGenerator>, std::string> create(const AncFlowSpec& spec);
  bool next(GeneratedPacket& packet) override;

 private:
  explicit AncGenerator(const AncFlowSpec& spec);

  AncFlowSpec spec_;
  std::uint64_t first_frame_ = 0;
  std::uint64_t sent_ = 0;
  std::vector<std::uint8_t> frame_buffer_;
};

}  // namespace crosspoint::cap
