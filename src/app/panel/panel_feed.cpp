#include "panel/panel_feed.hpp"

namespace crosspoint::app {

PanelFeed::PanelFeed(std::shared_ptr<nmos::WebBroadcast> broadcast, PanelSources sources,
                     std::chrono::milliseconds period)
    : broadcast_(std::move(broadcast)), sources_(sources), period_(period), thread_([this] { run(); }) {}

PanelFeed::~PanelFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PanelFeed::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
    if (broadcast_->watchers() == 0) continue;
    lock.unlock();
    broadcast_->send(panel_snapshot(sources_).dump());
    lock.lock();
  }
}

}  // namespace crosspoint::app
