// MdnsService for builds without libavahi-client: always explains that mDNS is unavailable.
#include "nmos/discovery/mdns_service.hpp"

namespace crosspoint::nmos {

Expected<std::unique_ptr<MdnsService>, std::string> MdnsService::connect() {
  return Unexpected{std::string("built without Avahi (libavahi-client): mDNS DNS-SD is unavailable")};
}

}  // namespace crosspoint::nmos
