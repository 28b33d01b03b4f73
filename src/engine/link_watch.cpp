#include "link_watch.hpp"

#include "port_link.hpp"

namespace crosspoint::engine {

void LinkWatch::start(std::vector<std::uint16_t> port_ids, std::chrono::milliseconds period) {
  stop();
  port_ids_ = std::move(port_ids);
  links_ = std::make_unique<Link[]>(port_ids_.size());
  for (std::size_t p = 0; p < port_ids_.size(); ++p) links_[p].up.store(read_port_link(port_ids_[p]).up);
  stopping_ = false;
  thread_ = std::thread([this, period] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period, [this] { return stopping_; })) poll();
  });
}

void LinkWatch::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LinkWatch::poll() {
  for (std::size_t p = 0; p < port_ids_.size(); ++p) {
    const bool up = read_port_link(port_ids_[p]).up;
    if (links_[p].up.exchange(up) && !up) links_[p].downs.fetch_add(1);
  }
}

bool LinkWatch::up(std::size_t port) const { return links_ && port < port_ids_.size() && links_[port].up.load(); }

std::uint64_t LinkWatch::downs(std::size_t port) const {
  return links_ && port < port_ids_.size() ? links_[port].downs.load() : 0;
}

}  // namespace crosspoint::engine
