// The pixel group (pgroup) of ST 2110-20 section 6.2: the smallest run of whole samples that ends on an
// octet boundary. Every sample row segment of a packet carries whole pgroups.
#pragma once

#include <cstdint>
#include <optional>

#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::st2110 {

struct Pgroup {
  std::uint8_t bytes = 0;   // octets of one pgroup
  std::uint8_t pixels = 0;  // pixels it covers in total (over both lines of a 4:2:0 pgroup)
  std::uint8_t lines = 1;   // 2 for 4:2:0: one pgroup holds the samples of a pair of lines

  // Pixels of one line a pgroup covers: widths and offsets count in steps of this.
  [[nodiscard]] constexpr std::uint32_t pixels_per_line() const { return pixels / lines; }
  friend constexpr bool operator==(const Pgroup&, const Pgroup&) = default;
};

// The pgroup of a sampling at a depth (16f packs like 16); nullopt for a combination ST 2110-20 lacks.
std::optional<Pgroup> pgroup_of(Sampling sampling, Depth depth);

}  // namespace crosspoint::st2110
