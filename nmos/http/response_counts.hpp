// Responses a server has written, by HTTP status code: counted on the io threads without a lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>

namespace crosspoint::nmos::http {

class ResponseCounts {
 public:
  static constexpr unsigned kFirstStatus = 100;
  static constexpr unsigned kLastStatus = 599;

  void count(unsigned status) {
    if (status >= kFirstStatus && status <= kLastStatus) counts_[status - kFirstStatus].fetch_add(1, std::memory_order_relaxed);
  }
  // Every status written at least once, with its count.
  [[nodiscard]] std::map<unsigned, std::uint64_t> by_status() const {
    std::map<unsigned, std::uint64_t> seen;
    for (unsigned i = 0; i < counts_.size(); ++i)
      if (const auto n = counts_[i].load(std::memory_order_relaxed)) seen[kFirstStatus + i] = n;
    return seen;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kLastStatus - kFirstStatus + 1> counts_{};
};

}  // namespace crosspoint::nmos::http
