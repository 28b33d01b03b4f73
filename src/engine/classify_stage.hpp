// The data path's first stage: which input (and which of its legs) a received frame belongs to, and what the
// later stages need from its headers. Pure code over the frame's bytes, no DPDK: the worker hands it the
// first (only) segment of each received mbuf.
#pragma once

#include <cstdint>

#include "crosspoint/engine/drop_reason.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "flow_table.hpp"
#include "input_slot.hpp"
#include "packet_layout.hpp"

namespace crosspoint::engine {

// A received packet that belongs to an input, as the later stages see it.
struct Classified {
  const std::uint8_t* frame;          // the whole Ethernet frame
  InputSlot input;
  std::uint8_t leg;
  st2110::MediaType media;
  bool marker;
  std::uint16_t rtp_offset;
  std::uint16_t rtp_header_length;
  std::uint16_t udp_payload_length;  // the RTP packet
  std::uint16_t payload_length;      // the RTP payload, padding excluded
  std::uint32_t timestamp;
  std::uint32_t sequence;  // RTP's, or RFC 4175 extended << 16 | RTP's for video

  [[nodiscard]] const std::uint8_t* payload() const { return frame + rtp_offset + rtp_header_length; }
};

// Bursts mostly hold runs of one flow: the last lookup, remembered. Forget it whenever the table changes.
class FlowCache {
 public:
  [[nodiscard]] const FlowTarget* find(const FlowTable& flows, const FlowKey& key) {
    if (!(key == key_)) {
      key_ = key;
      target_ = flows.find(key);
    }
    return target_;
  }
  void forget() { *this = FlowCache{}; }

 private:
  FlowKey key_{0xffff, 0, 0, 0};  // no port has this index
  const FlowTarget* target_ = nullptr;
};

// Fills `out` for a frame of an input; false with `refused` set otherwise: a parse error's reason for what is
// not RTP over UDP over IPv4 (the worker looks for ARP and IGMP there), kUnmatchedFlow for RTP no input
// listens to.
[[gnu::always_inline]] inline bool classify(const std::uint8_t* frame, std::uint16_t length, std::uint16_t port,
                                            const FlowTable& flows, FlowCache& cache, Classified& out,
                                            DropReason& refused) {
  PacketLayout layout;
  if (!read_common_shape(frame, length, layout)) {
    // Not the common shape: the full parser accepts the rare valid forms and names what is malformed.
    const auto view = st2110::parse_rtp_packet(st2110::Bytes{frame, length});
    if (!view) {
      refused = drop_reason_of(view.error());
      return false;
    }
    layout = layout_of(*view);
  }
  const FlowTarget* target =
      cache.find(flows, FlowKey{port, layout.destination_port(frame), layout.destination(frame), layout.source(frame)});
  if (target == nullptr) {
    refused = DropReason::kUnmatchedFlow;
    return false;
  }
  const std::uint8_t* rtp = frame + layout.rtp_offset;
  std::uint32_t sequence = st2110::load_be16(rtp + 2);
  if (target->media == st2110::MediaType::kVideo) {
    if (layout.payload_length < st2110::kRfc4175ExtendedSequenceLength) {
      refused = drop_reason_of(st2110::ParseError::kTruncatedPayloadHeader);
      return false;
    }
    sequence = st2110::full_sequence(st2110::load_be16(layout.payload(frame)), static_cast<std::uint16_t>(sequence));
  }
  out = Classified{frame,
                   target->input,
                   target->leg,
                   target->media,
                   (rtp[1] & 0x80) != 0,
                   layout.rtp_offset,
                   layout.rtp_header_length,
                   layout.rtp_length,
                   layout.payload_length,
                   st2110::load_be32(rtp + 4),
                   sequence};
  return true;
}

}  // namespace crosspoint::engine
