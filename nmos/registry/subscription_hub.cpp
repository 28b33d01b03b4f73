#include "nmos/registry/subscription_hub.hpp"

#include <algorithm>
#include <chrono>

#include "nmos/registry/nmos_id.hpp"

namespace crosspoint::nmos::registry {

std::string make_data_grain(const std::string& query_api_id, const Subscription& subscription, PtpTime now,
                            const nlohmann::json& data) {
  const std::string stamp = now.to_nmos_string();
  const nlohmann::json grain = {{"grain_type", "event"},
                                {"source_id", query_api_id},
                                {"flow_id", subscription.id},
                                {"origin_timestamp", stamp},
                                {"sync_timestamp", stamp},
                                {"creation_timestamp", stamp},
                                {"rate", {{"numerator", 0}, {"denominator", 1}}},
                                {"duration", {{"numerator", 0}, {"denominator", 1}}},
                                {"grain",
                                 {{"type", "urn:x-nmos:format:data.event"},
                                  {"topic", subscription.topic()},
                                  {"data", data}}}};
  return grain.dump();
}

std::shared_ptr<SubscriptionHub> SubscriptionHub::create(ResourceStore& store, const ClockModel& clock,
                                                         boost::asio::io_context& io, std::string query_api_id) {
  std::shared_ptr<SubscriptionHub> hub(new SubscriptionHub(clock, io, std::move(query_api_id)));
  hub->store_ = &store;
  store.add_change_listener([weak = std::weak_ptr<SubscriptionHub>(hub)](const ResourceChange& change) {
    if (auto alive = weak.lock()) alive->on_change(change);
  });
  return hub;
}

SubscriptionHub::SubscriptionHub(const ClockModel& clock, boost::asio::io_context& io, std::string query_api_id)
    : clock_(clock), io_(io), query_api_id_(std::move(query_api_id)) {}

SubscriptionHub::Created SubscriptionHub::add(Subscription candidate,
                                              const std::function<std::string(const std::string& id)>& make_ws_href) {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : subscriptions_) {
    if (!entry.subscription->same_request(candidate)) continue;
    ++entry.awaited;
    if (entry.connections.empty()) entry.idle_since = monotonic_raw_now();
    return Created{false, entry.subscription};
  }
  candidate.id = make_random_nmos_id();
  candidate.ws_href = make_ws_href(candidate.id);
  auto subscription = std::make_shared<const Subscription>(std::move(candidate));
  subscriptions_.emplace(subscription->id, Entry{subscription, {}, monotonic_raw_now(), 1});
  return Created{true, subscription};
}

SubscriptionPtr SubscriptionHub::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto found = subscriptions_.find(id);
  return found == subscriptions_.end() ? nullptr : found->second.subscription;
}

std::vector<SubscriptionPtr> SubscriptionHub::list(ApiVersion version) const {
  std::lock_guard lock(mutex_);
  std::vector<SubscriptionPtr> result;
  for (const auto& [id, entry] : subscriptions_) {
    if (entry.subscription->api_version == version) result.push_back(entry.subscription);
  }
  return result;
}

SubscriptionHub::Removal SubscriptionHub::remove(const std::string& id) {
  std::vector<http::WebSocketPtr> to_close;
  {
    std::lock_guard lock(mutex_);
    const auto found = subscriptions_.find(id);
    if (found == subscriptions_.end()) return Removal::kNotFound;
    if (!found->second.subscription->persist) return Removal::kNotPersistent;
    for (const auto connection_id : found->second.connections) {
      if (auto connection = connections_.find(connection_id); connection != connections_.end()) {
        if (connection->second.timer) connection->second.timer->cancel();
        to_close.push_back(connection->second.socket);
        connections_.erase(connection);
      }
    }
    subscriptions_.erase(found);
  }
  // Closing may call back into disconnect(); the lock is released by now.
  for (const auto& socket : to_close) socket->close();
  return Removal::kRemoved;
}

bool SubscriptionHub::connect(const std::string& subscription_id, const http::WebSocketPtr& socket) {
  const auto subscription = find(subscription_id);
  if (!subscription) return false;
  bool connected = false;
  // The store cannot change while the sync grain is built and the connection joins the change stream.
  store_->read_consistently(subscription->resource_type, [&](const std::vector<ResourcePtr>& resources) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& resource : resources) {
      if (!subscription->query.matches(*resource)) continue;
      auto shown = subscription->query.present(*resource);
      data.push_back({{"path", resource->id}, {"pre", shown}, {"post", shown}});
    }
    std::lock_guard lock(mutex_);
    const auto entry = subscriptions_.find(subscription_id);
    if (entry == subscriptions_.end()) return;
    Connection connection;
    connection.socket = socket;
    connection.subscription = subscription;
    connection.timer = std::make_unique<boost::asio::steady_timer>(io_);
    connection.last_sent = monotonic_raw_now();
    socket->send(make_data_grain(query_api_id_, *subscription, clock_.now(), data));
    connections_.insert_or_assign(socket->id(), std::move(connection));
    entry->second.connections.insert(socket->id());
    if (entry->second.awaited > 0) --entry->second.awaited;
    connected = true;
  });
  return connected;
}

void SubscriptionHub::disconnect(const http::WebSocketPtr& socket) {
  std::lock_guard lock(mutex_);
  const auto connection = connections_.find(socket->id());
  if (connection == connections_.end()) return;
  if (connection->second.timer) connection->second.timer->cancel();
  const std::string subscription_id = connection->second.subscription->id;
  connections_.erase(connection);
  const auto entry = subscriptions_.find(subscription_id);
  if (entry == subscriptions_.end()) return;
  entry->second.connections.erase(socket->id());
  if (!entry->second.connections.empty()) return;
  if (entry->second.subscription->persist || entry->second.awaited > 0) {
    entry->second.idle_since = monotonic_raw_now();
  } else {
    subscriptions_.erase(entry);
  }
}

std::size_t SubscriptionHub::expire_unused(Nanoseconds local_now, Nanoseconds idle_limit) {
  std::lock_guard lock(mutex_);
  std::size_t expired = 0;
  for (auto entry = subscriptions_.begin(); entry != subscriptions_.end();) {
    const bool unused = !entry->second.subscription->persist && entry->second.connections.empty() &&
                        local_now - entry->second.idle_since > idle_limit;
    if (unused) {
      entry = subscriptions_.erase(entry);
      ++expired;
    } else {
      ++entry;
    }
  }
  return expired;
}

void SubscriptionHub::close_all() {
  std::vector<http::WebSocketPtr> to_close;
  {
    std::lock_guard lock(mutex_);
    for (auto& [connection_id, connection] : connections_) {
      if (connection.timer) connection.timer->cancel();
      to_close.push_back(connection.socket);
    }
    connections_.clear();
    for (auto& [id, entry] : subscriptions_) {
      entry.connections.clear();
      entry.idle_since = monotonic_raw_now();
    }
  }
  for (const auto& socket : to_close) socket->close();
}

std::size_t SubscriptionHub::connection_count() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void SubscriptionHub::on_change(const ResourceChange& change) {
  std::lock_guard lock(mutex_);
  for (auto& [connection_id, connection] : connections_) {
    const Subscription& subscription = *connection.subscription;
    if (subscription.resource_type != change.type) continue;
    // A resource that starts or stops matching the query is added or removed as far as this subscriber knows.
    const bool was_seen = change.pre && subscription.query.matches(*change.pre);
    const bool is_seen = change.post && subscription.query.matches(*change.post);
    if (!was_seen && !is_seen) continue;
    PendingEvent event{change.id, std::nullopt, std::nullopt};
    if (was_seen) event.pre = subscription.query.present(*change.pre);
    if (is_seen) event.post = subscription.query.present(*change.post);
    queue(connection, std::move(event));
    schedule_flush(connection_id, connection);
  }
}

void SubscriptionHub::queue(Connection& connection, PendingEvent event) {
  // Several changes to one resource within a batch become one event from the first pre to the last post.
  const auto known = connection.pending_index.find(event.path);
  if (known == connection.pending_index.end()) {
    connection.pending_index.emplace(event.path, connection.pending.size());
    connection.pending.push_back(std::move(event));
    return;
  }
  connection.pending[known->second].post = std::move(event.post);
}

void SubscriptionHub::schedule_flush(std::uint64_t connection_id, Connection& connection) {
  if (connection.flush_scheduled) return;
  connection.flush_scheduled = true;
  const Nanoseconds rate = static_cast<Nanoseconds>(connection.subscription->max_update_rate_ms) * 1'000'000;
  const Nanoseconds wait = std::max<Nanoseconds>(0, connection.last_sent + rate - monotonic_raw_now());
  connection.timer->expires_after(std::chrono::nanoseconds(wait));
  connection.timer->async_wait([weak = weak_from_this(), connection_id](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto hub = weak.lock()) hub->flush(connection_id);
  });
}

void SubscriptionHub::flush(std::uint64_t connection_id) {
  std::lock_guard lock(mutex_);
  const auto found = connections_.find(connection_id);
  if (found == connections_.end()) return;
  Connection& connection = found->second;
  connection.flush_scheduled = false;
  nlohmann::json data = nlohmann::json::array();
  for (auto& event : connection.pending) {
    if (!event.pre && !event.post) continue;  // appeared and went within one batch
    if (event.pre && event.post && *event.pre == *event.post) continue;  // changed and changed back
    nlohmann::json item = {{"path", event.path}};
    if (event.pre) item["pre"] = std::move(*event.pre);
    if (event.post) item["post"] = std::move(*event.post);
    data.push_back(std::move(item));
  }
  connection.pending.clear();
  connection.pending_index.clear();
  if (data.empty()) return;
  connection.socket->send(make_data_grain(query_api_id_, *connection.subscription, clock_.now(), data));
  connection.last_sent = monotonic_raw_now();
}

}  // namespace crosspoint::nmos::registry
