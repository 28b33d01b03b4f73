// Small builders the SDP tests share.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "crosspoint/st2110/sdp.hpp"

namespace sdp_test {

inline crosspoint::st2110::Ipv4Address ip(std::string_view dotted) {
  return crosspoint::st2110::Ipv4Address::parse(dotted).value();
}

// Devices publish CRLF; hand-written files in tests are LF: the parser must read both alike.
inline std::string with_crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Parses, then generates and parses again: the second parse must equal the first.
inline crosspoint::st2110::SessionDescription round_trip(const crosspoint::st2110::SessionDescription& session) {
  const auto reparsed = crosspoint::st2110::parse_sdp(crosspoint::st2110::generate_sdp(session));
  if (!reparsed) throw std::runtime_error("generated SDP refused: " + reparsed.error().to_string());
  return reparsed.value();
}

}  // namespace sdp_test
