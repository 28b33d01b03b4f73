// The data path's fourth stage: a routed packet gets an output leg's Ethernet, IPv4 and UDP headers and the
// output's RTP payload type, sequence number (and for video RFC 4175's extended sequence number) and SSRC;
// the marker, timestamp and payload pass untouched. The last output of a packet takes the received mbuf,
// rewritten in place; every other output gets a header mbuf chained to a reference to the payload.
#pragma once

#include <cstdint>
#include <cstring>

#include <rte_mbuf.h>

#include "classify_stage.hpp"
#include "crosspoint/engine/drop_reason.hpp"
#include "forwarding_table.hpp"
#include "output_header.hpp"

namespace crosspoint::engine {

// Video's RTP header is followed by RFC 4175's extended sequence number, which the output rewrites too.
constexpr std::uint16_t extended_sequence_bytes(st2110::MediaType media) {
  return media == st2110::MediaType::kVideo ? st2110::kRfc4175ExtendedSequenceLength : 0;
}

// Writes leg `leg`'s headers at `out` and rewrites the RTP header (and extended sequence number) after them,
// which must already hold the packet's, for the output's `index`-th packet. Pure: no DPDK.
[[gnu::always_inline]] inline void write_output_headers(std::uint8_t* out, const OutputEntry& output, std::uint8_t leg,
                                                        const Classified& packet, std::uint64_t index) {
  output.legs[leg].header.write(out, packet.udp_payload_length);
  std::uint8_t* rtp = out + kOutputHeaderLength;
  rewrite_rtp(rtp, output.payload_type, static_cast<std::uint16_t>(index), output.ssrc);
  if (output.media == st2110::MediaType::kVideo) {
    st2110::store_be16(rtp + packet.rtp_header_length, static_cast<std::uint16_t>(index >> 16));
  }
}

// The received mbuf `m` (holding `packet`) becomes the output's packet: its own headers replaced, any
// trailer past the UDP payload trimmed.
[[gnu::always_inline]] inline void rewrite_in_place(const OutputEntry& output, std::uint8_t leg, const Classified& packet,
                                                    rte_mbuf* m, std::uint64_t index) {
  const std::uint32_t wanted = kOutputHeaderLength + packet.udp_payload_length;
  if (packet.rtp_offset > kOutputHeaderLength) rte_pktmbuf_adj(m, static_cast<std::uint16_t>(packet.rtp_offset - kOutputHeaderLength));
  if (m->pkt_len > wanted) rte_pktmbuf_trim(m, static_cast<std::uint16_t>(m->pkt_len - wanted));
  write_output_headers(rte_pktmbuf_mtod(m, std::uint8_t*), output, leg, packet, index);
  m->ol_flags = 0;
}

// A header mbuf from `pool` with the output's headers and the packet's RTP header, chained to a reference to
// the payload of the received mbuf `m`; nullptr with `why` set when the pool is empty or the RTP header
// (with CSRCs and extension) is longer than a header mbuf holds.
inline rte_mbuf* header_copy(const OutputEntry& output, std::uint8_t leg, const Classified& packet, rte_mbuf* m,
                             std::uint64_t index, rte_mempool* pool, DropReason& why) {
  const auto rtp_bytes = static_cast<std::uint16_t>(packet.rtp_header_length + extended_sequence_bytes(output.media));
  const auto header_length = static_cast<std::uint16_t>(kOutputHeaderLength + rtp_bytes);
  why = DropReason::kMempoolExhausted;
  rte_mbuf* header = rte_pktmbuf_alloc(pool);
  if (header == nullptr) return nullptr;
  if (rte_pktmbuf_tailroom(header) < header_length) {
    rte_pktmbuf_free(header);
    why = DropReason::kHeaderTooLong;
    return nullptr;
  }
  rte_mbuf* payload = rte_pktmbuf_clone(m, pool);
  if (payload == nullptr) {
    rte_pktmbuf_free(header);
    return nullptr;
  }
  // The reference covers the payload after the RTP header (and extended sequence number) only.
  rte_pktmbuf_adj(payload, static_cast<std::uint16_t>(packet.rtp_offset + rtp_bytes));
  const std::uint32_t payload_length = packet.udp_payload_length - rtp_bytes;
  if (payload->pkt_len > payload_length) rte_pktmbuf_trim(payload, static_cast<std::uint16_t>(payload->pkt_len - payload_length));

  auto* d = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(header, header_length));
  std::memcpy(d + kOutputHeaderLength, packet.frame + packet.rtp_offset, rtp_bytes);
  write_output_headers(d, output, leg, packet, index);
  if (rte_pktmbuf_chain(header, payload) != 0) {
    rte_pktmbuf_free(header);
    rte_pktmbuf_free(payload);
    return nullptr;
  }
  return header;
}

}  // namespace crosspoint::engine
