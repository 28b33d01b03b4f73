// The panel's live feed: a thread that, once a second and only while a page is connected, pushes a
// panel_snapshot to every page over the WebSocket.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "crosspoint/nmos/web_endpoints.hpp"
#include "panel/panel_snapshot.hpp"

namespace crosspoint::app {

class PanelFeed {
 public:
  PanelFeed(std::shared_ptr<nmos::WebBroadcast> broadcast, PanelSources sources,
            std::chrono::milliseconds period = std::chrono::seconds(1));
  ~PanelFeed();  // stops the thread
  PanelFeed(const PanelFeed&) = delete;
  PanelFeed& operator=(const PanelFeed&) = delete;

 private:
  void run();

  std::shared_ptr<nmos::WebBroadcast> broadcast_;
  PanelSources sources_;
  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crosspoint::app
