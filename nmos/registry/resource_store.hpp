// ResourceStore: the registry's resources, their parent links, node health and change notifications.
// Thread-safe; readers take snapshots of immutable resources and serialise them outside the lock.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "nmos/registry/registered_resource.hpp"
#include "nmos/registry/store/registration_rules.hpp"

namespace crosspoint::nmos::registry {

struct UpsertOutcome {
  bool created = false;
  ResourcePtr resource;
};

// Which paging cursor orders a collection (paging.order).
enum class TimeIndex { kCreated, kUpdated };

class ResourceStore {
 public:
  using ChangeListener = std::function<void(const ResourceChange&)>;

  // Heartbeats are timed on the local monotonic clock so PTP steps never expire a node.
  ResourceStore(const ClockModel& clock, Nanoseconds garbage_collection_interval);

  // Registration API POST /resource: creates (outcome.created) or updates a resource. The data must be
  // an object with a UUID "id" and a "version"; its parents must already be registered.
  Expected<UpsertOutcome, RegistryError> upsert(ResourceType type, nlohmann::json data, ApiVersion api_version);

  // Registration API DELETE: removes the resource and, immediately, all its descendants.
  Expected<ResourcePtr, RegistryError> remove(ResourceType type, const std::string& id, ApiVersion api_version);

  // Registration API POST /health/nodes/{id}: returns the TAI time of the heartbeat.
  Expected<PtpTime, RegistryError> heartbeat(const std::string& node_id, ApiVersion api_version);
  // GET /health/nodes/{id}: the time of the last heartbeat.
  Expected<PtpTime, RegistryError> last_heartbeat(const std::string& node_id, ApiVersion api_version) const;

  // Removes nodes whose last heartbeat is older than the garbage collection interval, with their children.
  // Returns how many nodes expired.
  std::size_t expire_stale_nodes(Nanoseconds local_now);
  std::size_t expire_stale_nodes() { return expire_stale_nodes(monotonic_raw_now()); }

  // For a store fed from elsewhere (the etcd watch): stores each resource with the stamps it carries, or removes
  // the one with the id (not its children: the feed removes those itself), under one lock, and notifies.
  struct ExternalChange {
    std::string id;
    ResourcePtr next;  // null: removed
  };
  void apply_external(const std::vector<ExternalChange>& changes);

  [[nodiscard]] ResourcePtr find(const std::string& id) const;
  [[nodiscard]] ResourcePtr find(ResourceType type, const std::string& id) const;
  // All resources of a type in ascending order of the chosen cursor.
  [[nodiscard]] std::vector<ResourcePtr> snapshot(ResourceType type, TimeIndex order) const;
  // The most recent cursor handed out: the upper bound of every collection.
  [[nodiscard]] PtpTime latest_stamp() const;
  [[nodiscard]] std::size_t size() const;

  // The listener is called for every change, in order, while the store is locked: it must not call back into
  // the store and should only queue work.
  void add_change_listener(ChangeListener listener);

  // Runs `reader` with the resources of `type` while no change can happen, so a subscriber can take its sync
  // snapshot and start listening without missing or repeating a change.
  void read_consistently(ResourceType type, const std::function<void(const std::vector<ResourcePtr>&)>& reader) const;

  [[nodiscard]] Nanoseconds garbage_collection_interval() const { return garbage_collection_interval_; }

 private:
  struct TypeIndexes {
    std::map<PtpTime, ResourcePtr> by_created;
    std::map<PtpTime, ResourcePtr> by_updated;
  };

  PtpTime next_stamp();
  void store(const ResourcePtr& previous, const ResourcePtr& next);
  // Takes its own reference: the map entries it erases may be what the caller passed.
  void remove_tree(ResourcePtr root, std::vector<ResourceChange>& changes);
  // Takes one resource out of every index (not its children).
  void unlink(const RegisteredResource& resource);
  void notify(const ResourceChange& change) const;
  ResourcePtr find_locked(const std::string& id) const;

  const ClockModel& clock_;
  const Nanoseconds garbage_collection_interval_;

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, ResourcePtr> by_id_;
  std::array<TypeIndexes, kAllResourceTypes.size()> indexes_;
  std::unordered_map<std::string, std::set<std::string>> children_;  // parent id -> ids that name it
  struct Health {
    Nanoseconds local;  // monotonic, for expiry
    PtpTime tai;        // what the health endpoints report
  };
  std::unordered_map<std::string, Health> health_;  // node id -> last heartbeat
  PtpTime latest_stamp_;
  std::vector<ChangeListener> listeners_;
};

}  // namespace crosspoint::nmos::registry
