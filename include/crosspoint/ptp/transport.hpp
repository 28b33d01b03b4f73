// What the clock needs of a network: send and receive PTP messages on the event and general channels, with
// transmit and receive timestamps on the process's local timeline (CLOCK_MONOTONIC_RAW nanoseconds).
// UdpTransport is the kernel-socket implementation; a DPDK-port transport can implement the same interface.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

enum class TimestampKind : std::uint8_t { kSoftware, kHardware };
[[nodiscard]] std::string_view to_string(TimestampKind kind);

enum class Channel : std::uint8_t { kEvent, kGeneral };

struct ReceivedMessage {
  std::span<const std::uint8_t> bytes;  // valid until the next receive()
  Channel channel = Channel::kGeneral;
  std::optional<Nanoseconds> local_time;  // receive timestamp; always present for event messages that have one
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Waits at most `timeout` for one message on either channel.
  virtual std::optional<ReceivedMessage> receive(Nanoseconds timeout) = 0;
  // Sends an event message; its transmit timestamp, or why there is none.
  virtual Expected<Nanoseconds, std::string> send_event(std::span<const std::uint8_t> message) = 0;
  virtual Expected<bool, std::string> send_general(std::span<const std::uint8_t> message) = 0;

  [[nodiscard]] virtual std::array<std::uint8_t, 6> hardware_address() const = 0;
  [[nodiscard]] virtual TimestampKind timestamping() const = 0;
};

}  // namespace crosspoint::ptp
