// InProcessStore: the single-machine registry, everything in this process's ResourceStore (the default).
#pragma once

#include "nmos/registry/store/registry_store.hpp"

namespace crosspoint::nmos::registry {

class InProcessStore final : public RegistryStore {
 public:
  InProcessStore(const ClockModel& clock, Nanoseconds garbage_collection_interval)
      : store_(std::make_shared<ResourceStore>(clock, garbage_collection_interval)) {}

  Expected<UpsertOutcome, RegistryError> upsert(ResourceType type, nlohmann::json data,
                                                ApiVersion api_version) override {
    return store_->upsert(type, std::move(data), api_version);
  }
  Expected<ResourcePtr, RegistryError> remove(ResourceType type, const std::string& id,
                                              ApiVersion api_version) override {
    return store_->remove(type, id, api_version);
  }
  Expected<PtpTime, RegistryError> heartbeat(const std::string& node_id, ApiVersion api_version) override {
    return store_->heartbeat(node_id, api_version);
  }
  Expected<PtpTime, RegistryError> last_heartbeat(const std::string& node_id, ApiVersion api_version) override {
    return store_->last_heartbeat(node_id, api_version);
  }
  void sweep(Nanoseconds local_now) override { store_->expire_stale_nodes(local_now); }

  ResourceStore& view() override { return *store_; }
  std::shared_ptr<ResourceStore> shared_view() override { return store_; }
  StoreHealth health() const override { return StoreHealth{true, "in-process", "this process", 0}; }
  bool stale() const override { return false; }  // the view is the registry

 private:
  std::shared_ptr<ResourceStore> store_;
};

}  // namespace crosspoint::nmos::registry
