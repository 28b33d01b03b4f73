// SubscriptionHub: the Query API's subscriptions and their WebSocket connections. Each connection gets a sync
// grain when it opens, then change grains (added / removed / modified, as pre and post) for every registry change
// that its subscription's query sees, batched so no more than one grain goes out per max_update_rate_ms.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "crosspoint/time/clock_model.hpp"
#include "nmos/http/websocket_connection.hpp"
#include "nmos/registry/resource_store.hpp"
#include "nmos/registry/subscription.hpp"

namespace crosspoint::nmos::registry {

class SubscriptionHub : public std::enable_shared_from_this<SubscriptionHub> {
 public:
  // Listens to `store` for its whole life; timers run on `io`. `query_api_id` is the grains' source_id.
  static std::shared_ptr<SubscriptionHub> create(ResourceStore& store, const ClockModel& clock,
                                                 boost::asio::io_context& io, std::string query_api_id);

  struct Created {
    bool is_new = false;
    SubscriptionPtr subscription;
  };
  // Adds the subscription, or returns an existing one that asks for the same (is_new false). The candidate's id
  // is assigned here; make_ws_href turns the id into the subscription's ws_href.
  Created add(Subscription candidate, const std::function<std::string(const std::string& id)>& make_ws_href);

  [[nodiscard]] SubscriptionPtr find(const std::string& id) const;
  // Subscriptions created through `version`, oldest first.
  [[nodiscard]] std::vector<SubscriptionPtr> list(ApiVersion version) const;

  enum class Removal { kRemoved, kNotFound, kNotPersistent };
  // DELETE: only persistent subscriptions may be deleted; their open connections are closed.
  Removal remove(const std::string& id);

  // A WebSocket opened for a subscription: sends the sync grain and starts the change stream. False when the
  // subscription is gone (the caller closes the socket).
  bool connect(const std::string& subscription_id, const http::WebSocketPtr& socket);
  // The socket closed; a non-persistent subscription goes with its last connection, unless a POST has handed
  // it out since to a client that has not connected yet (then it waits for it, as an unused one does).
  void disconnect(const http::WebSocketPtr& socket);

  // Removes non-persistent subscriptions that nobody connected to within `idle_limit`.
  std::size_t expire_unused(Nanoseconds local_now, Nanoseconds idle_limit);

  [[nodiscard]] std::size_t connection_count() const;

  // Closes every WebSocket and drops its timer: call before the io_context goes away.
  void close_all();

 private:
  struct PendingEvent {
    std::string path;
    std::optional<nlohmann::json> pre;
    std::optional<nlohmann::json> post;
  };
  struct Connection {
    http::WebSocketPtr socket;
    SubscriptionPtr subscription;
    std::vector<PendingEvent> pending;                 // in order of first change
    std::unordered_map<std::string, std::size_t> pending_index;  // path -> position in pending
    Nanoseconds last_sent = 0;
    std::unique_ptr<boost::asio::steady_timer> timer;
    bool flush_scheduled = false;
  };
  struct Entry {
    SubscriptionPtr subscription;
    std::set<std::uint64_t> connections;
    Nanoseconds idle_since = 0;
    // POSTs that handed it out (created or found identical) not yet followed by a connection: a client told
    // of it may still be on its way, so its last connection closing does not take it away.
    std::size_t awaited = 0;
  };

  SubscriptionHub(const ClockModel& clock, boost::asio::io_context& io, std::string query_api_id);
  void on_change(const ResourceChange& change);
  void queue(Connection& connection, PendingEvent event);
  void schedule_flush(std::uint64_t connection_id, Connection& connection);
  void flush(std::uint64_t connection_id);
  [[nodiscard]] std::string grain(const Subscription& subscription, const nlohmann::json& data) const;

  ResourceStore* store_ = nullptr;
  const ClockModel& clock_;
  boost::asio::io_context& io_;
  const std::string query_api_id_;

  mutable std::mutex mutex_;
  std::map<std::string, Entry> subscriptions_;
  std::unordered_map<std::uint64_t, Connection> connections_;  // by socket id
};

// One data grain (queryapi-subscriptions-websocket.json) as text.
[[nodiscard]] std::string make_data_grain(const std::string& query_api_id, const Subscription& subscription,
                                          PtpTime now, const nlohmann::json& data);

}  // namespace crosspoint::nmos::registry
