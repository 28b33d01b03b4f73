// Writes generated packets into a capture, on one leg or on the two legs of an ST 2022-7 pair: the second
// leg carries the same packets (same SSRC, sequence numbers and timestamps) to another destination, and
// each leg drops the packets its loss pattern names. Leg B may arrive later (a longer path): its copies are
// held back and written at their delayed time, in time order with everything else (see write_capture).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crosspoint/capture/pcap_writer.hpp"
#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/signal/packet_source.hpp"

namespace crosspoint::cap {

// Which packets a leg loses: listed packet indices (0-based in the flow), and/or a share of them picked by
// a fixed pseudo-random sequence (reproducible).
struct LossPattern {
  std::set<std::uint64_t> indices;
  double rate = 0.0;
  std::uint64_t seed = 1;

  // "10,11,500" or "" ; false with no change when a number is malformed.
  static Expected<LossPattern, std::string> parse_indices(const std::string& text);
  [[nodiscard]] bool empty() const { return indices.empty() && rate <= 0.0; }
};

class LegWriter {
 public:
  // `second_leg`: the destination of leg B, or nullopt for a single leg; `leg_b_delay_ns`: how much later
  // than leg A leg B's copies arrive.
  LegWriter(capture::PcapWriter& writer, std::optional<st2110::Ipv4Address> second_leg, LossPattern leg_a,
            LossPattern leg_b, std::uint64_t leg_b_delay_ns = 0);

  // Writes the packet on each leg that does not lose it (leg B's copy at once, or held back by its delay);
  // false after a write error.
  bool write(const GeneratedPacket& packet);
  // The capture time of the first leg B copy held back, if any.
  [[nodiscard]] std::optional<std::uint64_t> next_delayed() const;
  // Writes the first leg B copy held back; false after a write error.
  bool write_next_delayed();

  [[nodiscard]] std::uint64_t lost_on_a() const { return lost_[0]; }
  [[nodiscard]] std::uint64_t lost_on_b() const { return lost_[1]; }

 private:
  bool loses(std::size_t leg, std::uint64_t index);

  capture::PcapWriter& writer_;
  std::optional<st2110::Ipv4Address> second_leg_;
  LossPattern patterns_[2];
  std::uint64_t random_state_[2];
  std::uint64_t lost_[2] = {0, 0};
  std::vector<std::uint8_t> copy_;
  std::uint64_t leg_b_delay_ns_;
  std::deque<std::pair<std::uint64_t, std::vector<std::uint8_t>>> delayed_;  // leg B copies by capture time
};

}  // namespace crosspoint::cap
