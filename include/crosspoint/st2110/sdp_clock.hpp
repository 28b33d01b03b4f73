// Clock signalling of an ST 2110 leg (ST 2110-10 over RFC 7273): which reference clock timestamps come from
// (`a=ts-refclk:`) and how the RTP clock relates to it (`a=mediaclk:`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/ethernet.hpp"

namespace crosspoint::st2110 {

// A PTP clock identity (EUI-64) as SDP spells it: "08-00-11-FF-FE-21-E4-30".
struct PtpGrandmasterId {
  std::array<std::uint8_t, 8> octets{};

  static std::optional<PtpGrandmasterId> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const PtpGrandmasterId&, const PtpGrandmasterId&) = default;
};

// `ptp=IEEE1588-2008:<gmid>[:<domain>]`, or `ptp=IEEE1588-2008:traceable` when no grandmaster is named.
struct PtpReferenceClock {
  std::string version = "IEEE1588-2008";  // IEEE1588-2002, IEEE1588-2008, IEEE1588-2019, IEEE802.1AS-2011
  std::optional<PtpGrandmasterId> grandmaster;  // absent: traceable to any grandmaster
  std::optional<std::uint8_t> domain;

  [[nodiscard]] bool traceable() const { return !grandmaster.has_value(); }
  friend bool operator==(const PtpReferenceClock&, const PtpReferenceClock&) = default;
};

// `localmac=<mac>`: the sender free-runs on its own oscillator, named by its MAC address.
struct LocalMacReferenceClock {
  MacAddress mac;
  friend bool operator==(const LocalMacReferenceClock&, const LocalMacReferenceClock&) = default;
};

using ReferenceClock = std::variant<PtpReferenceClock, LocalMacReferenceClock>;

// `a=mediaclk:direct=<offset>` (RTP time = reference time x rate + offset) or `a=mediaclk:sender`.
struct MediaClock {
  enum class Mode : std::uint8_t { kDirect, kSender };
  Mode mode = Mode::kDirect;
  std::uint32_t offset = 0;  // meaningful for kDirect only
  friend bool operator==(const MediaClock&, const MediaClock&) = default;
};

// The value after `a=ts-refclk:`; the error is a reason without a line number.
Expected<ReferenceClock, std::string> parse_reference_clock(std::string_view value);
std::string format_reference_clock(const ReferenceClock& clock);

// The value after `a=mediaclk:`.
Expected<MediaClock, std::string> parse_media_clock(std::string_view value);
std::string format_media_clock(const MediaClock& clock);

}  // namespace crosspoint::st2110
