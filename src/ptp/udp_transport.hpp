// PTP over UDP/IPv4 multicast (IEEE 1588-2008 annex D): 224.0.1.129, event port 319, general port 320,
// kernel sockets bound to one interface, SO_TIMESTAMPING with hardware timestamps where the interface has a
// PTP hardware clock and software timestamps otherwise.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>

#include "crosspoint/ptp/clock_config.hpp"
#include "crosspoint/ptp/transport.hpp"

namespace crosspoint::ptp {

struct UdpTransportConfig {
  std::string interface;
  TimestampingMode timestamping = TimestampingMode::kAuto;
  std::uint8_t dscp_event = 46;
  std::uint8_t dscp_general = 0;
};

struct UdpTransportCounters {
  std::atomic<std::uint64_t> receive_errors{0};
  std::atomic<std::uint64_t> send_errors{0};
  std::atomic<std::uint64_t> missing_transmit_timestamps{0};
};

class UdpTransport final : public Transport {
 public:
  // Opens and configures both sockets; the reason in words when the interface or a socket option fails.
  static Expected<std::unique_ptr<UdpTransport>, std::string> open(const UdpTransportConfig& config);
  ~UdpTransport() override;
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  std::optional<ReceivedMessage> receive(Nanoseconds timeout) override;
  Expected<Nanoseconds, std::string> send_event(std::span<const std::uint8_t> message) override;
  Expected<bool, std::string> send_general(std::span<const std::uint8_t> message) override;

  [[nodiscard]] std::array<std::uint8_t, 6> hardware_address() const override { return mac_; }
  [[nodiscard]] TimestampKind timestamping() const override { return kind_; }
  [[nodiscard]] const UdpTransportCounters& counters() const { return counters_; }

 private:
  UdpTransport() = default;
  [[nodiscard]] std::optional<Nanoseconds> to_local(const struct timespec* stamps) const;
  std::optional<ReceivedMessage> read_one(int fd, Channel channel);

  int event_fd_ = -1;
  int general_fd_ = -1;
  int phc_fd_ = -1;  // the PTP hardware clock, when timestamps are hardware
  std::array<std::uint8_t, 6> mac_{};
  TimestampKind kind_ = TimestampKind::kSoftware;
  std::array<std::uint8_t, 1536> buffer_{};
  std::array<std::uint8_t, 1536> error_queue_buffer_{};
  UdpTransportCounters counters_;
};

}  // namespace crosspoint::ptp
