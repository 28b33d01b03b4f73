#include "neighbour_cache.hpp"

#include <algorithm>

namespace crosspoint::engine {

void NeighbourCache::want(const std::vector<Neighbour>& wanted) {
  std::erase_if(entries_, [&](const auto& entry) {
    return std::none_of(wanted.begin(), wanted.end(), [&](const Neighbour& n) {
      return n.port == entry.first.first && n.address.value == entry.first.second;
    });
  });
  for (const Neighbour& n : wanted) entries_.try_emplace({n.port, n.address.value});
}

std::vector<Neighbour> NeighbourCache::due(Nanoseconds now) {
  std::vector<Neighbour> requests;
  for (auto& [key, entry] : entries_) {
    if (now < entry.next_request) continue;
    requests.push_back(Neighbour{key.first, st2110::Ipv4Address{key.second}});
    entry.next_request = now + (entry.mac ? kRefresh : kRetry);
  }
  return requests;
}

bool NeighbourCache::heard(std::uint16_t port, const ArpReply& reply, Nanoseconds now) {
  const auto it = entries_.find({port, reply.sender.value});
  if (it == entries_.end()) return false;
  const bool taught = it->second.mac != reply.sender_mac;
  it->second.mac = reply.sender_mac;
  it->second.next_request = now + kRefresh;
  return taught;
}

std::optional<st2110::MacAddress> NeighbourCache::mac_of(std::uint16_t port, st2110::Ipv4Address address) const {
  const auto it = entries_.find({port, address.value});
  return it == entries_.end() ? std::nullopt : it->second.mac;
}

}  // namespace crosspoint::engine
