// Why an SDP was refused, and on which line.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "crosspoint/expected.hpp"

namespace crosspoint::st2110 {

struct SdpError {
  std::size_t line = 0;  // 1-based; 0 when the text is empty
  std::string reason;

  // "line 7: fmtp: width must be a positive integer"
  [[nodiscard]] std::string to_string() const { return "line " + std::to_string(line) + ": " + reason; }
  friend bool operator==(const SdpError&, const SdpError&) = default;
};

// A field parser's refusal: the reason alone; the line reader adds the line number.
inline Unexpected<std::string> refuse(std::string reason) { return Unexpected{std::move(reason)}; }

}  // namespace crosspoint::st2110
