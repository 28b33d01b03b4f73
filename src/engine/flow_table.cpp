#include "flow_table.hpp"

namespace crosspoint::engine {

void FlowTable::grow() {
  std::vector<Entry> old = std::move(entries_);
  entries_.assign(old.empty() ? 64 : old.size() * 2, Entry{});
  size_ = 0;
  for (const Entry& e : old) {
    if (e.used) insert(e.key, e.target);
  }
}

bool FlowTable::insert(const FlowKey& key, FlowTarget target) {
  if ((size_ + 1) * 2 > entries_.size()) grow();
  const std::size_t mask = entries_.size() - 1;
  for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
    Entry& e = entries_[i];
    if (e.used && e.key == key) return false;
    if (!e.used) {
      e = Entry{key, target, true};
      ++size_;
      if (key.source != 0) has_source_specific_ = true;
      return true;
    }
  }
}

}  // namespace crosspoint::engine
