// RegistryStore: where a registry keeps what is registered. The Registration API writes through it; the Query
// API and the subscriptions read its view, an in-memory ResourceStore that is the whole registry (in-process)
// or a cache fed by etcd watches (a member of a registry cluster).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "nmos/registry/resource_store.hpp"

namespace crosspoint::nmos::registry {

// Whether the store can take writes; reads are served from the view either way, stale when not.
struct StoreHealth {
  bool writable = true;
  std::string backend;  // "in-process" or "etcd"
  std::string detail;   // why it is not writable, or where it writes
  std::int64_t revision = 0;  // etcd: the revision the view reflects
};

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  // The Registration API's writes; RegistryError carries the status to answer (503 when the store is lost).
  virtual Expected<UpsertOutcome, RegistryError> upsert(ResourceType type, nlohmann::json data,
                                                        ApiVersion api_version) = 0;
  virtual Expected<ResourcePtr, RegistryError> remove(ResourceType type, const std::string& id,
                                                      ApiVersion api_version) = 0;
  virtual Expected<PtpTime, RegistryError> heartbeat(const std::string& node_id, ApiVersion api_version) = 0;
  virtual Expected<PtpTime, RegistryError> last_heartbeat(const std::string& node_id, ApiVersion api_version) = 0;

  // Called periodically: the in-process store expires silent nodes here; etcd expires leases by itself.
  virtual void sweep(Nanoseconds local_now) = 0;

  // The resources as this registry sees them.
  [[nodiscard]] virtual ResourceStore& view() = 0;
  [[nodiscard]] virtual std::shared_ptr<ResourceStore> shared_view() = 0;
  [[nodiscard]] virtual StoreHealth health() const = 0;
  // Whether the view may lag the registry now (a cluster member that lost etcd); cheap, asked on every read.
  [[nodiscard]] virtual bool stale() const = 0;

  // Ends background work (watches, keep-alives) before the service goes.
  virtual void stop() {}
};

}  // namespace crosspoint::nmos::registry
