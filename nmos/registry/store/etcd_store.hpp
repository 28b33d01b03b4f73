// EtcdStore: a registry member whose resources live in etcd, so several members serve one registry.
//
// Keys under the prefix: resources/<id> holds a resource with its type, API version and paging stamps, attached
// to its node's lease; stamp holds the latest stamp handed out; members/<query api id> says a member is alive.
// Heartbeats keep the node's lease alive, so when a node falls silent etcd deletes it and everything attached,
// whichever member it talked to and whether that member still runs. A write is one transaction that also moves
// the stamp key forward only if nobody moved it past this stamp, so stamps grow in the order etcd applies
// writes, on every member alike, and paging stays consistent across members. Each member follows the prefix
// with a watch into its own in-memory ResourceStore: the Query API and the subscriptions read that, at the
// speed of the in-process store, and a write answers only once the member's view holds it (read-your-writes).
// When etcd cannot be reached or has no quorum, writes answer 503 and reads go on from the view, marked stale
// (stale(), health(), and on each Query API answer).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "crosspoint/time/clock_model.hpp"
#include "nmos/registry/store/etcd_client.hpp"
#include "nmos/registry/store/etcd_store_options.hpp"
#include "nmos/registry/store/etcd_watch.hpp"
#include "nmos/registry/store/registry_store.hpp"

namespace crosspoint::nmos::registry {

class EtcdStore final : public RegistryStore, public std::enable_shared_from_this<EtcdStore> {
 public:
  // Fails on an endpoint that is not an http:// URL; etcd itself need not be up yet (writes answer 503 until it is).
  static Expected<std::shared_ptr<EtcdStore>, std::string> create(const ClockModel& clock, EtcdStoreOptions options,
                                                                  Nanoseconds garbage_collection_interval,
                                                                  std::string member_id);
  ~EtcdStore() override;

  Expected<UpsertOutcome, RegistryError> upsert(ResourceType type, nlohmann::json data,
                                                ApiVersion api_version) override;
  Expected<ResourcePtr, RegistryError> remove(ResourceType type, const std::string& id,
                                              ApiVersion api_version) override;
  Expected<PtpTime, RegistryError> heartbeat(const std::string& node_id, ApiVersion api_version) override;
  Expected<PtpTime, RegistryError> last_heartbeat(const std::string& node_id, ApiVersion api_version) override;
  void sweep(Nanoseconds) override {}

  ResourceStore& view() override { return *view_; }
  std::shared_ptr<ResourceStore> shared_view() override { return view_; }
  StoreHealth health() const override;
  bool stale() const override { return !(reachable_ && stream_open_); }
  void stop() override;

  // Waits until the view reflects `revision` (true) or `timeout` passes (false).
  bool wait_for_revision(std::int64_t revision, std::chrono::milliseconds timeout);

 private:
  // What etcd says about one resource key.
  struct KeyState {
    std::int64_t create_revision = 0;
    std::int64_t mod_revision = 0;
    std::int64_t lease = 0;
  };
  struct Known {
    ResourcePtr resource;  // null: not registered
    KeyState key;
  };

  EtcdStore(const ClockModel& clock, EtcdStoreOptions options, std::vector<http::HttpUrl> endpoints,
            Nanoseconds garbage_collection_interval, std::string member_id);
  void start();

  // The watch feeds these, one at a time, in revision order.
  void on_snapshot(std::int64_t revision, const std::vector<EtcdKeyValue>& all);
  void on_events(std::int64_t revision, const std::vector<EtcdEvent>& events);
  void note_stamp(const std::string& text);
  void set_applied(std::int64_t revision);

  // A resource as this member's view holds it, or (fresh) as etcd holds it now.
  Known known(const std::string& id);
  Expected<Known, RegistryError> fetch(const std::string& id);
  Expected<Known, RegistryError> lookup(const std::string& id, bool fresh);
  Expected<std::int64_t, RegistryError> grant_lease(std::chrono::seconds ttl);
  // Keeps a lease alive once: false when it has expired.
  Expected<bool, RegistryError> keep_alive(std::int64_t lease);
  std::vector<ResourcePtr> descendants(const std::string& id) const;
  RegistryError unavailable(const EtcdError& error);
  std::optional<RegistryError> refuse_when_lost() const;

  // Creates the stamp key if the cluster has none yet; false when etcd cannot be reached.
  bool ensure_stamp_key();
  // Keeps this member's own lease alive, which is how it knows whether it still reaches etcd.
  void keep_member_alive();

  std::string resource_key(const std::string& id) const { return options_.prefix + "resources/" + id; }
  std::string stamp_key() const { return options_.prefix + "stamp"; }

  const ClockModel& clock_;
  const EtcdStoreOptions options_;
  const Nanoseconds garbage_collection_interval_;
  const std::string member_id_;
  std::shared_ptr<EtcdClient> client_;
  std::shared_ptr<ResourceStore> view_;
  std::unique_ptr<EtcdWatch> watch_;

  mutable std::mutex state_mutex_;
  std::condition_variable applied_changed_;
  std::int64_t applied_revision_ = 0;
  std::unordered_map<std::string, KeyState> keys_;  // resource id -> its key, as the view holds it
  std::string watched_stamp_;                       // the stamp key as the view holds it
  std::string highest_stamp_;                       // the highest stamp text seen anywhere

  std::atomic<bool> reachable_{false};
  std::atomic<bool> stream_open_{false};
  mutable std::mutex health_mutex_;
  std::string lost_reason_ = "not connected to etcd yet";
  std::chrono::steady_clock::time_point last_reached_{};  // when this member's own lease was last kept alive

  std::mutex member_mutex_;
  std::condition_variable member_wake_;
  bool stopping_ = false;
  std::thread member_thread_;
};

}  // namespace crosspoint::nmos::registry
