// PtpTime: an instant on the PTP timescale (TAI since 1970-01-01 00:00:00 TAI), the one time of crosspoint.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crosspoint {

// A signed span of time in nanoseconds; +-292 years is plenty for a gateway.
using Nanoseconds = std::int64_t;

constexpr Nanoseconds kNanosPerSecond = 1'000'000'000;

// Seconds since 1970 TAI: ST 2059-1 media clocks, IS-04 versions and IS-05 activation times all use it.
// TAI - UTC has been 37 s since 2017-01-01.
constexpr std::int64_t kTaiMinusUtcSeconds = 37;

struct PtpTime {
  std::uint64_t seconds = 0;     // 48 bits on the wire
  std::uint32_t nanoseconds = 0; // 0..999'999'999

  static constexpr PtpTime from_nanos(std::uint64_t total) {
    return PtpTime{total / kNanosPerSecond, static_cast<std::uint32_t>(total % kNanosPerSecond)};
  }
  // Nanoseconds since the epoch; exact until the year 2554.
  [[nodiscard]] constexpr std::uint64_t to_nanos() const {
    return seconds * static_cast<std::uint64_t>(kNanosPerSecond) + nanoseconds;
  }
  [[nodiscard]] constexpr PtpTime plus(Nanoseconds span) const {
    return from_nanos(static_cast<std::uint64_t>(static_cast<std::int64_t>(to_nanos()) + span));
  }
  [[nodiscard]] constexpr Nanoseconds minus(const PtpTime& earlier) const {
    return static_cast<Nanoseconds>(to_nanos()) - static_cast<Nanoseconds>(earlier.to_nanos());
  }

  // The NMOS form "<seconds>:<nanoseconds>".
  [[nodiscard]] std::string to_nmos_string() const {
    return std::to_string(seconds) + ":" + std::to_string(nanoseconds);
  }
  // Parses "<seconds>:<nanoseconds>" (pattern ^[0-9]+:[0-9]+$, nanoseconds below 1e9).
  static std::optional<PtpTime> parse_nmos(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    std::uint64_t parts[2] = {0, 0};
    const std::string_view fields[2] = {text.substr(0, colon), text.substr(colon + 1)};
    for (int i = 0; i < 2; ++i) {
      if (fields[i].size() > 19) return std::nullopt;
      for (const char c : fields[i]) {
        if (c < '0' || c > '9') return std::nullopt;
        parts[i] = parts[i] * 10 + static_cast<std::uint64_t>(c - '0');
      }
    }
    if (parts[1] >= static_cast<std::uint64_t>(kNanosPerSecond)) return std::nullopt;
    return PtpTime{parts[0], static_cast<std::uint32_t>(parts[1])};
  }

  friend constexpr auto operator<=>(const PtpTime&, const PtpTime&) = default;
};

}  // namespace crosspoint
