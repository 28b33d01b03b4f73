// Non-media UDP by its well-known port: what a capture holds besides media, counted by kind. Traffic on
// these ports is never taken for media, whatever its first octets look like.
#pragma once

#include <cstdint>

namespace crosspoint::cap {

enum class UdpService : std::uint8_t { kNone, kDns, kMdns, kNtp, kPtp, kSnmp, kSyslog };

// The service either port names (source or destination), or kNone.
UdpService udp_service_of(std::uint16_t source_port, std::uint16_t destination_port);

}  // namespace crosspoint::cap
