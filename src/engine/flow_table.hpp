// Classification: which input (and which of its legs) a received packet belongs to, keyed by the port it
// arrived on, its destination address and UDP port and, for source-specific inputs, its source. Built on
// the control plane, read-only on the data path: open addressing with linear probing in one array.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crosspoint/st2110/media_format.hpp"
#include "route_switch.hpp"

namespace crosspoint::engine {

struct FlowKey {
  std::uint16_t port = 0;         // engine port index
  std::uint16_t udp_port = 0;
  std::uint32_t destination = 0;  // IPv4, host order
  std::uint32_t source = 0;       // 0: any source
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

struct FlowTarget {
  InputSlot input = kNoInput;
  std::uint8_t leg = 0;
  st2110::MediaType media = st2110::MediaType::kVideo;  // the input's, so classify reads one entry
};

class FlowTable {
 public:
  // Returns false when the key is already taken.
  bool insert(const FlowKey& key, FlowTarget target);
  // Source-specific entries first, then any-source.
  [[nodiscard]] const FlowTarget* find(FlowKey key) const {
    if (has_source_specific_) {
      if (const FlowTarget* hit = find_exact(key)) return hit;
    }
    key.source = 0;
    return find_exact(key);
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Entry {
    FlowKey key;
    FlowTarget target;
    bool used = false;
  };
  static std::uint32_t hash(const FlowKey& key) {
    std::uint64_t h = (std::uint64_t{key.destination} << 32) ^ (std::uint64_t{key.udp_port} << 16) ^ key.port;
    h ^= std::uint64_t{key.source} * 0x9e3779b97f4a7c15ULL;
    h *= 0xff51afd7ed558ccdULL;
    return static_cast<std::uint32_t>(h >> 32);
  }
  [[nodiscard]] const FlowTarget* find_exact(const FlowKey& key) const {
    if (entries_.empty()) return nullptr;
    const std::size_t mask = entries_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const Entry& e = entries_[i];
      if (!e.used) return nullptr;
      if (e.key == key) return &e.target;
    }
  }
  void grow();

  std::vector<Entry> entries_;  // size is a power of two, at most half full
  std::size_t size_ = 0;
  bool has_source_specific_ = false;
};

}  // namespace crosspoint::engine
