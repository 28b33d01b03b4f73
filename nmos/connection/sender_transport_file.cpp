#include "nmos/connection/sender_transport_file.hpp"

#include "crosspoint/st2110/sdp.hpp"

namespace crosspoint::nmos::connection {
namespace {

// ST 2110-10: a sender locked to PTP names that grandmaster; a free-running one names its own oscillator
// by the MAC of the interface it sends on.
st2110::ReferenceClock reference_clock(const ClockTraceability& clock, const ConnectionInterface& interface) {
  if (!clock.locked) {
    if (const auto mac = st2110::MacAddress::parse(interface.mac)) return st2110::LocalMacReferenceClock{*mac};
  }
  st2110::PtpReferenceClock ptp;
  ptp.grandmaster = st2110::PtpGrandmasterId{clock.grandmaster_id};
  ptp.domain = clock.domain;
  return ptp;
}

// A stable session id from the sender's UUID: its first 12 hex digits.
std::uint64_t session_id_of(const std::string& uuid) {
  std::uint64_t id = 0;
  int digits = 0;
  for (const char c : uuid) {
    if (digits == 12) break;
    const int value = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (value < 0) continue;
    id = id * 16 + static_cast<std::uint64_t>(value);
    ++digits;
  }
  return id;
}

}  // namespace

std::optional<std::string> sender_sdp(const SenderConnection& sender,
                                      const std::vector<ConnectionInterface>& leg_interfaces,
                                      const SenderActivation& active, const ClockTraceability& clock,
                                      std::uint64_t version) {
  if (!sender.format || active.legs.empty()) return std::nullopt;
  st2110::SdpSessionOptions options;
  options.session_name = sender.output;
  options.session_id = session_id_of(sender.id);
  options.session_version = version;
  options.payload_type = sender.payload_type;
  options.reference_clock = reference_clock(clock, leg_interfaces.front());
  options.media_clock = st2110::MediaClock{st2110::MediaClock::Mode::kDirect, 0};
  auto address_of = [](const SenderLegActivation& leg) {
    return st2110::SdpLegAddress{leg.destination_ip, leg.destination_port, leg.source_ip};
  };
  st2110::SessionDescription session =
      active.legs.size() == 1
          ? st2110::make_single_leg_session(*sender.format, address_of(active.legs[0]), options)
          : st2110::make_dup_session(*sender.format, address_of(active.legs[0]), address_of(active.legs[1]), options);
  // Each leg names the clock as seen from its own interface (localmac differs per port).
  for (std::size_t i = 0; i < session.legs.size() && i < leg_interfaces.size(); ++i)
    session.legs[i].reference_clocks = {reference_clock(clock, leg_interfaces[i])};
  return st2110::generate_sdp(session);
}

}  // namespace crosspoint::nmos::connection
