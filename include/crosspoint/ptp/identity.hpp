// The identities and qualities a PTP clock is known by (IEEE 1588-2008 5.3).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace crosspoint::ptp {

// Eight octets, usually an EUI-64 built from the port's MAC address.
struct ClockIdentity {
  std::array<std::uint8_t, 8> octets{};

  // From a 48-bit MAC: the EUI-64 with FF-FE inserted in the middle (IEEE 1588-2008 7.5.2.2.2).
  static ClockIdentity from_mac(const std::array<std::uint8_t, 6>& mac) {
    return ClockIdentity{{mac[0], mac[1], mac[2], 0xFF, 0xFE, mac[3], mac[4], mac[5]}};
  }
  // "001122.fffe.334455", the form ptp4l and pmc print.
  [[nodiscard]] std::string to_string() const;
  // "00-11-22-ff-fe-33-44-55", the form NMOS IS-04 uses for gmid.
  [[nodiscard]] std::string to_nmos_string() const;

  friend constexpr auto operator<=>(const ClockIdentity&, const ClockIdentity&) = default;
};

struct PortIdentity {
  ClockIdentity clock;
  std::uint16_t port = 0;

  // "001122.fffe.334455-1".
  [[nodiscard]] std::string to_string() const;

  // Clock identity first, then port number: the order of the BMCA's identity comparisons.
  friend constexpr auto operator<=>(const PortIdentity&, const PortIdentity&) = default;
};

// 7.6.2: class, accuracy and variance; lower is better in each.
struct ClockQuality {
  std::uint8_t clock_class = 248;              // 248: default, not traceable; 255: slave-only
  std::uint8_t clock_accuracy = 0xFE;          // 0xFE: unknown
  std::uint16_t offset_scaled_log_variance = 0xFFFF;

  friend constexpr bool operator==(const ClockQuality&, const ClockQuality&) = default;
};

// 7.6.2.6 timeSource values used here.
enum class TimeSource : std::uint8_t {
  kAtomicClock = 0x10,
  kGps = 0x20,
  kPtp = 0x40,
  kNtp = 0x50,
  kInternalOscillator = 0xA0,
};

}  // namespace crosspoint::ptp
