// An engine on two ring ports, "red" and "blue", polled by one worker: the set-up of the tests of 2022-7,
// fan-out, control frames and faults. The views rtp_packets returns point into frames kept alive in a store
// that never moves them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "test_dpdk.hpp"

namespace crosspoint::engine::test {

inline const st2110::Ipv4Address kRedAddress{0xC0000265};   // 192.0.2.101
inline const st2110::Ipv4Address kBlueAddress{0xC0000266};  // 192.0.2.102

// The RTP packets among `frames` (to `destination` only, when given), in order.
std::vector<st2110::RtpPacketView> rtp_packets(std::vector<Frame> frames,
                                               std::optional<st2110::Ipv4Address> destination = {});

// A video output with one leg to `group` on `port`.
OutputConfig output_to(const std::string& id, const std::string& port, st2110::Ipv4Address group);

struct TwoPortRig {
  RingPort red;
  RingPort blue;
  ClockModel clock;
  Engine engine;

  // `adjust` changes the test engine config before the engine is made (e.g. a small mempool); `time_base`, when
  // given, is the clock the engine reads (a PTP clock's model) instead of the rig's own.
  explicit TwoPortRig(const std::function<void(EngineConfig&)>& adjust = {}, const ClockModel* time_base = nullptr)
      : engine(config(adjust), time_base != nullptr ? *time_base : clock) {}
  [[nodiscard]] EngineConfig config(const std::function<void(EngineConfig&)>& adjust) const;
  [[nodiscard]] std::uint64_t received() const {
    const EngineStats s = engine.stats();
    return s.ports[0].rx_packets + s.ports[1].rx_packets;
  }
  void wait_received(std::uint64_t count) const { REQUIRE(wait_until([&] { return received() >= count; })); }
};

}  // namespace crosspoint::engine::test
