// What a replayed capture sends (the engine's replay ports, crosspoint-cap send), worked out once from it: the capture's frames held in memory, grouped
// into flows (RTP by destination; anything else as one more flow), each with its media clock, its frame
// (or packet) period and what one pass of the file spans. From that, where every packet lands on any pass:
// its time and its RTP timestamp and sequence number, continuous from pass to pass. Restamped, a flow's
// frames are rebased onto PTP time (ST 2059-1): frame k of the PTP epoch gets frame k's timestamp and is
// sent at k's epoch plus the packet's own offset in the capture (so a capture paced to ST 2110-21 stays
// so). Otherwise the capture's timestamps and timeline are kept, shifted by whole passes. Pure: no DPDK.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/time/rational.hpp"

namespace crosspoint::cap {

struct ReplayFlow {
  bool rtp = false;
  std::uint32_t destination = 0;
  std::uint16_t udp_port = 0;
  std::uint32_t clock_rate = 90000;
  // Frames (fields) with one timestamp each, at a known rate: video and ancillary. Otherwise packet-timed.
  bool framed = false;
  Rational unit_rate{0, 1};
  std::uint32_t units_per_pass = 0;
  std::uint32_t packets_per_pass = 0;
  bool extended_sequence = false;   // RFC 4175 / RFC 8331: the payload starts with the sequence's high half
  std::uint32_t pass_sequence = 0;  // how far sequence numbers advance per pass
  Nanoseconds pass_ns = 0;         // how much later the next pass of the flow starts
  std::int64_t pass_ticks = 0;     // how far its RTP timestamps advance per pass (kept timestamps)
  std::int64_t base_unit = 0;      // restamped: the PTP frame index of the first frame of pass 0
  std::int64_t base_tick = 0;      // restamped, packet-timed: the RTP tick of the first packet of pass 0
  std::vector<std::uint32_t> records;  // indices into the plan's records, in capture order
};

struct ReplayRecord {
  std::uint64_t capture_ns = 0;
  std::size_t offset = 0;   // into the plan's bytes
  std::uint32_t length = 0;
  std::uint16_t flow = 0;
  std::uint16_t rtp_offset = 0;
  std::uint32_t timestamp = 0;
  std::uint16_t sequence = 0;
  std::uint16_t rtp_header_length = 12;
  std::uint32_t full_sequence = 0;  // with the extended high half when the flow has one
  std::uint32_t unit = 0;         // framed: which frame of the pass
  std::int64_t ticks = 0;         // packet-timed: ticks after the flow's first packet
  Nanoseconds unit_offset_ns = 0; // framed: after its frame's epoch; packet-timed: after its RTP time
};

// One packet's place on a pass: its time (PTP ns when restamped, else on the capture's timeline) and header.
struct ReplayEmission {
  std::int64_t time_ns = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t sequence = 0;  // the RTP sequence number is its low half; the high half, where the flow has one
};

class ReplayPlan {
 public:
  // Reads the whole capture (at most kMaxBytes of frames).
  static Expected<ReplayPlan, std::string> load(const std::string& path);
  static constexpr std::size_t kMaxBytes = std::size_t{2} << 30;

  // Restamping: every flow's pass 0 starts at the first frame epoch (packet-timed: the instant) at or after
  // `start_ptp_ns`.
  void rebase(std::uint64_t start_ptp_ns);

  [[nodiscard]] ReplayEmission emission(const ReplayRecord& record, std::uint64_t pass, bool restamped) const;
  [[nodiscard]] std::span<const ReplayFlow> flows() const { return flows_; }
  [[nodiscard]] const ReplayRecord& record(std::uint32_t index) const { return records_[index]; }
  [[nodiscard]] std::span<const std::uint8_t> bytes(const ReplayRecord& record) const {
    return {bytes_.data() + record.offset, record.length};
  }

 private:
  void describe(ReplayFlow& flow);
  std::vector<std::uint8_t> bytes_;
  std::vector<ReplayRecord> records_;
  std::vector<ReplayFlow> flows_;
  std::uint64_t first_capture_ns_ = 0;
  Nanoseconds span_ns_ = 0;
};

}  // namespace crosspoint::cap
