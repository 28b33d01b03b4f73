// ARP (RFC 826) frames of a port: a request for the port's own unicast IPv4 address is turned into the reply
// in place, so switches and hosts can reach the port; requests for a unicast destination's MAC are written,
// and the replies to them read, for the control plane's neighbour cache.
#pragma once

#include <optional>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"

namespace crosspoint::engine {

constexpr std::size_t kArpPacketLength = 28;

// `frame` is a whole Ethernet frame with EtherType ARP (untagged). Returns true when it was a request for
// `port_address` and now holds the reply (its length unchanged).
bool answer_arp_in_place(st2110::MutableBytes frame, const st2110::MacAddress& port_mac,
                         st2110::Ipv4Address port_address);

constexpr std::size_t kArpFrameLength = st2110::kEthernetHeaderLength + kArpPacketLength;

// A broadcast request "who has `target`, tell `port_address`"; returns its length (0 when `out` is too short).
std::size_t write_arp_request(st2110::MutableBytes out, const st2110::MacAddress& port_mac, st2110::Ipv4Address port_address,
                              st2110::Ipv4Address target);

struct ArpReply {
  st2110::Ipv4Address sender;
  st2110::MacAddress sender_mac;
};

// A reply addressed to `port_address`: who answered, with which MAC.
std::optional<ArpReply> parse_arp_reply(st2110::Bytes frame, st2110::Ipv4Address port_address);

}  // namespace crosspoint::engine
