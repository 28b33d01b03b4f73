#include "crosspoint/ptp/identity.hpp"

#include <cstdio>

namespace crosspoint::ptp {

std::string ClockIdentity::to_string() const {
  char text[24];
  std::snprintf(text, sizeof text, "%02x%02x%02x.%02x%02x.%02x%02x%02x", octets[0], octets[1], octets[2], octets[3],
                octets[4], octets[5], octets[6], octets[7]);
  return text;
}

std::string ClockIdentity::to_nmos_string() const {
  char text[24];
  std::snprintf(text, sizeof text, "%02x-%02x-%02x-%02x-%02x-%02x-%02x-%02x", octets[0], octets[1], octets[2],
                octets[3], octets[4], octets[5], octets[6], octets[7]);
  return text;
}

std::string PortIdentity::to_string() const { return clock.to_string() + "-" + std::to_string(port); }

}  // namespace crosspoint::ptp
