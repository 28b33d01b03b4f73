// The connections that wait for a request (idle keep-alives, slow or silent clients), oldest first: when the
// server is full, the one that has waited longest makes room for a newcomer, so clients that hold
// connections without using them cannot lock out those that send a request at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace crosspoint::nmos::http {

class EvictableSession {
 public:
  virtual ~EvictableSession() = default;
  // Closes the connection if it still waits for a request; callable from any thread.
  virtual void evict() = 0;
};

class WaitingSessions {
 public:
  using Place = std::uint64_t;

  // Puts a session at the young end; it stays until it leaves or is taken.
  Place enter(std::weak_ptr<EvictableSession> session) {
    std::lock_guard lock(mutex_);
    const Place place = next_place_++;
    waiting_.emplace(place, std::move(session));
    return place;
  }
  // A no-op when the place was taken meanwhile.
  void leave(Place place) {
    std::lock_guard lock(mutex_);
    waiting_.erase(place);
  }
  // Removes and returns the session that has waited longest and still lives, or nullptr.
  std::shared_ptr<EvictableSession> take_oldest() {
    std::lock_guard lock(mutex_);
    while (!waiting_.empty()) {
      auto session = waiting_.begin()->second.lock();
      waiting_.erase(waiting_.begin());
      if (session) return session;
    }
    return nullptr;
  }

 private:
  std::mutex mutex_;
  Place next_place_ = 1;
  std::map<Place, std::weak_ptr<EvictableSession>> waiting_;
};

}  // namespace crosspoint::nmos::http
