// A network segment in process memory for the Clock's tests: every message one member sends, every other
// member receives, stamped with CLOCK_MONOTONIC_RAW at delivery. A second Transport implementation beside
// the UDP one, as a DPDK port would be.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "crosspoint/ptp/transport.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp::testing {

class MemorySegment;

class MemoryTransport final : public Transport {
 public:
  MemoryTransport(MemorySegment& segment, std::uint8_t mac_last);
  ~MemoryTransport() override;

  std::optional<ReceivedMessage> receive(Nanoseconds timeout) override {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, std::chrono::nanoseconds(std::max<Nanoseconds>(timeout, 0)),
                           [&] { return !inbox_.empty(); })) {
      return std::nullopt;
    }
    current_ = std::move(inbox_.front());
    inbox_.pop_front();
    return ReceivedMessage{current_.bytes, current_.channel, current_.stamp};
  }
  Expected<Nanoseconds, std::string> send_event(std::span<const std::uint8_t> message) override;
  Expected<bool, std::string> send_general(std::span<const std::uint8_t> message) override;
  [[nodiscard]] std::array<std::uint8_t, 6> hardware_address() const override { return mac_; }
  [[nodiscard]] TimestampKind timestamping() const override { return TimestampKind::kSoftware; }

  void deliver(std::span<const std::uint8_t> bytes, Channel channel, Nanoseconds stamp) {
    {
      std::lock_guard lock(mutex_);
      inbox_.push_back(Packet{std::vector<std::uint8_t>(bytes.begin(), bytes.end()), channel, stamp});
    }
    arrived_.notify_one();
  }

 private:
  struct Packet {
    std::vector<std::uint8_t> bytes;
    Channel channel = Channel::kGeneral;
    Nanoseconds stamp = 0;
  };
  MemorySegment& segment_;
  std::array<std::uint8_t, 6> mac_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Packet> inbox_;
  Packet current_;
};

class MemorySegment {
 public:
  void join(MemoryTransport* member) {
    std::lock_guard lock(mutex_);
    members_.push_back(member);
  }
  void leave(MemoryTransport* member) {
    std::lock_guard lock(mutex_);
    members_.erase(std::remove(members_.begin(), members_.end(), member), members_.end());
  }
  Nanoseconds send(const MemoryTransport* from, std::span<const std::uint8_t> bytes, Channel channel) {
    std::lock_guard lock(mutex_);
    const Nanoseconds stamp = monotonic_raw_now();
    for (MemoryTransport* member : members_) {
      if (member != from) member->deliver(bytes, channel, stamp);
    }
    return stamp;
  }

 private:
  std::mutex mutex_;
  std::vector<MemoryTransport*> members_;
};

inline MemoryTransport::MemoryTransport(MemorySegment& segment, std::uint8_t mac_last)
    : segment_(segment), mac_{0x02, 0, 0, 0, 0, mac_last} {
  segment_.join(this);
}
inline MemoryTransport::~MemoryTransport() { segment_.leave(this); }
inline Expected<Nanoseconds, std::string> MemoryTransport::send_event(std::span<const std::uint8_t> message) {
  return segment_.send(this, message, Channel::kEvent);
}
inline Expected<bool, std::string> MemoryTransport::send_general(std::span<const std::uint8_t> message) {
  segment_.send(this, message, Channel::kGeneral);
  return true;
}

}  // namespace crosspoint::ptp::testing
