// ARP (RFC 826) for a port's own unicast IPv4 address, so switches and hosts can reach the port: a request
// for our address is turned into the reply in place.
#pragma once

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::engine {

constexpr std::size_t kArpPacketLength = 28;

// `frame` is a whole Ethernet frame with EtherType ARP (untagged). Returns true when it was a request for
// `port_address` and now holds the reply (its length unchanged).
bool answer_arp_in_place(st2110::MutableBytes frame, const st2110::MacAddress& port_mac,
                         st2110::Ipv4Address port_address);

}  // namespace crosspoint::engine
