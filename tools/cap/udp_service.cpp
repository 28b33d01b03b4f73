#include "udp_service.hpp"

namespace crosspoint::cap {

namespace {

UdpService service_of_port(std::uint16_t port) {
  switch (port) {
    case 53: return UdpService::kDns;
    case 5353: return UdpService::kMdns;
    case 123: return UdpService::kNtp;
    case 319:
    case 320: return UdpService::kPtp;
    case 161:
    case 162: return UdpService::kSnmp;
    case 514: return UdpService::kSyslog;
    default: return UdpService::kNone;
  }
}

}  // namespace

UdpService udp_service_of(std::uint16_t source_port, std::uint16_t destination_port) {
  const UdpService by_destination = service_of_port(destination_port);
  return by_destination != UdpService::kNone ? by_destination : service_of_port(source_port);
}

}  // namespace crosspoint::cap
