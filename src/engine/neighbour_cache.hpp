// The MACs of the unicast destinations outputs send to without a configured destination_mac (ARP, RFC 826):
// asked for while wanted, asked again every second until answered, refreshed while in use (the known MAC
// kept meanwhile). Pure logic: the engine sends the requests it says are due and hands it the replies its
// ports heard; an output leg whose destination is not resolved sends nothing and counts what it holds back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "arp_responder.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::engine {

struct Neighbour {
  std::uint16_t port = 0;  // engine port index
  st2110::Ipv4Address address;
  friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

class NeighbourCache {
 public:
  static constexpr Nanoseconds kRetry = kNanosPerSecond;        // unanswered
  static constexpr Nanoseconds kRefresh = 60 * kNanosPerSecond;  // answered

  // What outputs need now: new ones are asked at once, those no longer needed forgotten.
  void want(const std::vector<Neighbour>& wanted);
  // The requests due at `now`, each then scheduled again.
  std::vector<Neighbour> due(Nanoseconds now);
  // A reply heard on `port`; true when it taught a MAC that is wanted and was not known.
  bool heard(std::uint16_t port, const ArpReply& reply, Nanoseconds now);
  [[nodiscard]] std::optional<st2110::MacAddress> mac_of(std::uint16_t port, st2110::Ipv4Address address) const;

 private:
  struct Entry {
    std::optional<st2110::MacAddress> mac;
    Nanoseconds next_request = 0;
  };
  std::map<std::pair<std::uint16_t, std::uint32_t>, Entry> entries_;
};

}  // namespace crosspoint::engine
